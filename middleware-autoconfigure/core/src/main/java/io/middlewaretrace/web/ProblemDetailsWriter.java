package io.middlewaretrace.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Writes an RFC 9457 {@code application/problem+json} body for a request the starter answers
 * itself: an exception nobody handled, a request that ran out of its deadline. The body names
 * the trace id, so a caller can quote it, and never includes an exception's message or stack
 * trace, which may carry internals or secrets.
 *
 * @since 0.1.0
 */
public final class ProblemDetailsWriter {

	static final String CONTENT_TYPE = "application/problem+json";

	private static final String GENERIC_DETAIL = "The request could not be completed. Quote the trace id when reporting this.";

	private static final String[] TRACE_HEADERS = { "traceresponse", "X-Trace-Id" };

	private ProblemDetailsWriter() {
	}

	static void write(HttpServletResponse response, int status, DefaultRequestContext context) throws IOException {
		write(response, problem(status, GENERIC_DETAIL), context);
	}

	/**
	 * Starts a problem with the given status and detail.
	 * @param status the HTTP status
	 * @param detail the human-readable detail
	 * @return the problem, to add fields to
	 */
	public static Problem problem(int status, String detail) {
		return new Problem(status, detail);
	}

	/**
	 * Answers with the problem in place of everything the application put in the uncommitted
	 * response (status, headers, buffered body); the trace id headers the starter set are kept.
	 * @param response the uncommitted response
	 * @param problem the problem
	 * @param context the request
	 * @throws IOException if writing fails
	 */
	public static void replaceResponse(HttpServletResponse response, Problem problem, DefaultRequestContext context)
			throws IOException {
		String[] traceHeaders = new String[TRACE_HEADERS.length];
		for (int i = 0; i < TRACE_HEADERS.length; i++) {
			traceHeaders[i] = response.getHeader(TRACE_HEADERS[i]);
		}
		response.reset();
		for (int i = 0; i < TRACE_HEADERS.length; i++) {
			if (traceHeaders[i] != null) {
				response.setHeader(TRACE_HEADERS[i], traceHeaders[i]);
			}
		}
		write(response, problem, context);
	}

	private static void write(HttpServletResponse response, Problem problem, DefaultRequestContext context)
			throws IOException {
		HttpStatus httpStatus = HttpStatus.resolve(problem.status);
		String title = (httpStatus != null) ? httpStatus.getReasonPhrase() : "Error";
		StringBuilder json = new StringBuilder(256);
		json.append("{\"type\":\"about:blank\",\"title\":");
		appendString(json, title);
		json.append(",\"status\":").append(problem.status);
		json.append(",\"detail\":");
		appendString(json, problem.detail);
		if (context.traceId() != null) {
			json.append(",\"traceId\":");
			appendString(json, context.traceId());
		}
		json.append(problem.fields);
		json.append('}');
		byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(problem.status);
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
				json.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

	/**
	 * A problem body: status, detail and extension members.
	 */
	public static final class Problem {

		private final int status;

		private final String detail;

		private final StringBuilder fields = new StringBuilder();

		private Problem(int status, String detail) {
			this.status = status;
			this.detail = detail;
		}

		/**
		 * Adds a string member; {@code null} values are left out.
		 * @param name the member name
		 * @param value the value
		 * @return this problem
		 */
		public Problem field(String name, String value) {
			if (value != null) {
				this.fields.append(',');
				appendString(this.fields, name);
				this.fields.append(':');
				appendString(this.fields, value);
			}
			return this;
		}

		/**
		 * Adds a number member.
		 * @param name the member name
		 * @param value the value
		 * @return this problem
		 */
		public Problem field(String name, long value) {
			this.fields.append(',');
			appendString(this.fields, name);
			this.fields.append(':').append(value);
			return this;
		}

	}

}
