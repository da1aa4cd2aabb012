package io.middlewaretrace.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * The trace headers of a request: its {@code traceparent} counted when missing or invalid, and
 * the trace returned to the caller ({@code traceresponse}, {@code X-Trace-Id}) as configured.
 */
final class TraceHeaders {

	private final RequestMetrics metrics;

	private final boolean traceResponseHeader;

	private final boolean traceIdHeader;

	TraceHeaders(RequestMetrics metrics, boolean traceResponseHeader, boolean traceIdHeader) {
		this.metrics = metrics;
		this.traceResponseHeader = traceResponseHeader;
		this.traceIdHeader = traceIdHeader;
	}

	void apply(HttpServletRequest request, HttpServletResponse response, DefaultRequestContext context) {
		String traceparent = validTraceparent(request);
		String traceId = context.traceId();
		if (traceId != null) {
			if (this.traceResponseHeader) {
				response.setHeader("traceresponse", "00-" + traceId + "-" + context.spanId() + "-"
						+ Traceparent.responseFlags(traceparent, traceId, Boolean.TRUE.equals(context.sampled())));
			}
			if (this.traceIdHeader) {
				response.setHeader("X-Trace-Id", traceId);
			}
		}
	}

	/**
	 * Counts a missing or invalid {@code traceparent}; returns the request's one valid
	 * {@code traceparent}, or {@code null}.
	 */
	private String validTraceparent(HttpServletRequest request) {
		// getHeader answers the common cases without allocating; only a present header is
		// checked for duplicates
		String first = request.getHeader(Traceparent.HEADER);
		if (first == null) {
			this.metrics.traceparentMissing();
			return null;
		}
		if (!Traceparent.isValid(first) || isRepeated(request)) {
			this.metrics.traceparentMalformed();
			return null;
		}
		return first;
	}

	private static boolean isRepeated(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(Traceparent.HEADER);
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		values.nextElement();
		return values.hasMoreElements();
	}

}
