package io.middlewaretrace.snapshot;

import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.middlewaretrace.context.BodySnapshot;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.web.BodyCapture;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Builds the {@link Snapshot} of a finished exchange: method, URI with its query redacted,
 * request headers and trailers, response status and headers, and the captured body prefixes,
 * all through a {@link Redactor}.
 * <p>
 * Meant for the few requests whose diagnostic record is kept, once the response is complete:
 * it copies headers and formats bodies, which the capture on every request does not. It never
 * throws: a part that cannot be read (a container that throws, a recycled request) is left out
 * and the rest is returned.
 *
 * @since 0.1.0
 */
public final class SnapshotFactory {

	private static final String CONTENT_TYPE = "Content-Type";

	private static final String CONTENT_ENCODING = "Content-Encoding";

	// RequestDispatcher.ERROR_METHOD and ERROR_QUERY_STRING of Servlet 6.1
	private static final String ERROR_METHOD = "jakarta.servlet.error.method";

	private static final String ERROR_QUERY_STRING = "jakarta.servlet.error.query_string";

	private final Redactor redactor;

	/**
	 * Creates a factory redacting with the given {@link Redactor}.
	 * @param redactor the redactor
	 */
	public SnapshotFactory(Redactor redactor) {
		this.redactor = redactor;
	}

	/**
	 * Builds the snapshot of an exchange.
	 * @param request the request
	 * @param response the response
	 * @param requestBody the request body capture, or {@code null}
	 * @param responseBody the response body capture, or {@code null}
	 * @return the snapshot, never {@code null}
	 */
	public Snapshot create(HttpServletRequest request, HttpServletResponse response, BodyCapture requestBody,
			BodyCapture responseBody) {
		String method = safely(() -> method(request), null);
		String uri = safely(() -> uri(request), null);
		Map<String, List<String>> requestHeaders = safely(() -> requestHeaders(request), Map.of());
		BodySnapshot requestSnapshot = safely(() -> body(requestBody, request.getContentType(),
				request.getHeader(CONTENT_ENCODING)), null);
		Map<String, List<String>> trailers = safely(() -> trailers(request), Map.of());
		int status = safely(() -> response.getStatus(), 0);
		Map<String, List<String>> responseHeaders = safely(() -> responseHeaders(response), Map.of());
		BodySnapshot responseSnapshot = safely(() -> body(responseBody, response.getContentType(),
				response.getHeader(CONTENT_ENCODING)), null);
		return new Snapshot(method, uri, requestHeaders, requestSnapshot, trailers, status, responseHeaders,
				responseSnapshot);
	}

	/**
	 * The method the client sent: during an error dispatch Servlet 6.1 containers (Tomcat 11)
	 * answer {@code GET} and keep the original in a request attribute.
	 */
	private static String method(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(ERROR_METHOD) instanceof String original) {
			return original;
		}
		return request.getMethod();
	}

	/**
	 * The URI the client sent, with its query redacted: during an error dispatch the request's
	 * own URI is the error page's, the client's is in the container's error attributes.
	 */
	private String uri(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String query = request.getQueryString();
		if (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original) {
			uri = original;
			if (request.getAttribute(ERROR_QUERY_STRING) instanceof String originalQuery) {
				query = originalQuery;
			}
		}
		return (query != null) ? uri + "?" + this.redactor.redactQuery(query) : uri;
	}

	private Map<String, List<String>> requestHeaders(HttpServletRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		Enumeration<String> names = request.getHeaderNames();
		while (names != null && names.hasMoreElements()) {
			String name = names.nextElement();
			if (!headers.containsKey(name)) {
				Enumeration<String> values = request.getHeaders(name);
				List<String> list = (values != null) ? Collections.list(values) : List.of();
				headers.put(name, this.redactor.redactHeader(name, list));
			}
		}
		return Collections.unmodifiableMap(headers);
	}

	private Map<String, List<String>> trailers(HttpServletRequest request) {
		// trailers are only there once the body was read to its end; Tomcat throws otherwise
		if (!request.isTrailerFieldsReady()) {
			return Map.of();
		}
		Map<String, String> fields = request.getTrailerFields();
		if (fields == null || fields.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> trailers = new LinkedHashMap<>();
		fields.forEach((name, value) -> trailers.put(name, this.redactor.redactHeader(name, List.of(value))));
		return Collections.unmodifiableMap(trailers);
	}

	private Map<String, List<String>> responseHeaders(HttpServletResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		boolean contentType = false;
		Collection<String> names = response.getHeaderNames();
		if (names != null) {
			for (String name : names) {
				if (!headers.containsKey(name)) {
					headers.put(name, this.redactor.redactHeader(name, response.getHeaders(name)));
					contentType = contentType || CONTENT_TYPE.equalsIgnoreCase(name);
				}
			}
		}
		// containers keep the content type apart from the headers until the response is sent
		String type = response.getContentType();
		if (!contentType && type != null) {
			headers.put(CONTENT_TYPE, List.of(type));
		}
		return Collections.unmodifiableMap(headers);
	}

	private BodySnapshot body(BodyCapture capture, String contentType, String contentEncoding) {
		if (capture == null || capture.bytesSeen() == 0) {
			return null;
		}
		if (contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding.trim())) {
			String summary = contentEncoding.trim() + "-encoded, "
					+ BodySummaries.size(capture.bytesSeen(), capture.capturedLength(), capture.isTruncated());
			return new BodySnapshot(contentType, capture.bytesSeen(), capture.isTruncated(), null, summary);
		}
		return this.redactor.redactBody(capture, contentType, null);
	}

	private static <T> T safely(Supplier<T> supplier, T fallback) {
		try {
			T value = supplier.get();
			return (value != null) ? value : fallback;
		}
		catch (RuntimeException ex) {
			return fallback;
		}
	}

}
