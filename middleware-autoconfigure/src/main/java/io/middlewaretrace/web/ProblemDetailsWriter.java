package io.middlewaretrace.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

import io.middlewaretrace.context.RequestContext;

/**
 * Writes an RFC 9457 {@code application/problem+json} body for a request that failed with an
 * exception nobody handled. The body names the trace id, so a caller can quote it, and never
 * includes the exception's message or stack trace, which may carry internals or secrets.
 */
final class ProblemDetailsWriter {

	static final String CONTENT_TYPE = "application/problem+json";

	private ProblemDetailsWriter() {
	}

	static void write(HttpServletResponse response, int status, RequestContext context) throws IOException {
		HttpStatus httpStatus = HttpStatus.resolve(status);
		String title = (httpStatus != null) ? httpStatus.getReasonPhrase() : "Error";
		StringBuilder json = new StringBuilder(192);
		json.append("{\"type\":\"about:blank\",\"title\":");
		appendString(json, title);
		json.append(",\"status\":").append(status);
		json.append(",\"detail\":");
		appendString(json, "The request could not be completed. Quote the trace id when reporting this.");
		if (context.traceId() != null) {
			json.append(",\"traceId\":");
			appendString(json, context.traceId());
		}
		json.append('}');
		byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType(CONTENT_TYPE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static void appendString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

}
