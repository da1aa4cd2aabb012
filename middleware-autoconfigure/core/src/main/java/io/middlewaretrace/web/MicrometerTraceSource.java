package io.middlewaretrace.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * {@link TraceSource} reading the span that Spring Boot's server observation put in scope, so the
 * request context carries the same trace id as the trace, the MDC and the outbound
 * {@code traceparent}.
 *
 * @since 0.1.0
 */
public class MicrometerTraceSource implements TraceSource {

	private final Tracer tracer;

	public MicrometerTraceSource(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void applyTo(DefaultRequestContext.Builder builder) {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return;
		}
		TraceContext context = span.context();
		String traceId = context.traceId();
		// a no-op tracer (Micrometer Tracing without a bridge) has spans with empty ids: no trace
		if (traceId != null && !traceId.isEmpty()) {
			builder.trace(traceId, context.spanId(), context.sampled());
		}
	}

}
