package io.middlewaretrace.support;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request carries a body, without reading it.
 */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * Returns whether the request carries a body (HTTP/1.1: a Content-Length above 0 or a
	 * Transfer-Encoding); most GETs do not, and then nothing is wrapped or allocated for it.
	 * @param request the request
	 * @return whether it has a body
	 */
	public static boolean hasBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
	}

}
