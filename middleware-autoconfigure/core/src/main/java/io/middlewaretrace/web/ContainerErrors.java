package io.middlewaretrace.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What a servlet container does with an exception that escapes the filter chain, as far as the
 * starter must know it to hand the exception on exactly as the container would have taken it.
 * Tomcat's classes are known by name: the starter runs on other containers too.
 */
final class ContainerErrors {

	private static final String TOMCAT_SERVER_INFO = "Apache Tomcat/";

	private static final String TOMCAT_BAD_REQUEST = "org.apache.coyote.BadRequestException";

	private static final String TOMCAT_CLOSE_NOW = "org.apache.coyote.CloseNowException";

	private static final int MAX_CAUSES = 20;

	private ContainerErrors() {
	}

	/**
	 * Whether the request is served by Tomcat, whose handling of an escaped exception the
	 * starter knows: log it at ERROR, then render the error page for the exception (set as
	 * request attribute {@code jakarta.servlet.error.exception}) or for status 500.
	 */
	static boolean isTomcat(HttpServletRequest request) {
		String serverInfo = request.getServletContext().getServerInfo();
		return serverInfo != null && serverInfo.startsWith(TOMCAT_SERVER_INFO);
	}

	/**
	 * Whether Tomcat answers the exception its own way rather than as a failure of the
	 * application: a request body it could not read (400, logged at debug only), a stream it
	 * closed, a servlet that declared itself unavailable (503 or 404).
	 */
	static boolean isTomcatsOwnAnswer(Throwable ex) {
		if (ex instanceof UnavailableException || isA(ex, TOMCAT_BAD_REQUEST) || isA(ex, TOMCAT_CLOSE_NOW)) {
			return true;
		}
		// a ServletException is not logged either when its root cause is an unreadable request
		return ex instanceof ServletException && isA(rootCause(ex), TOMCAT_BAD_REQUEST);
	}

	/**
	 * The status the container answers the exception with, without an error page of its own
	 * for it.
	 */
	static int status(Throwable ex) {
		if (ex instanceof UnavailableException unavailable) {
			return unavailable.isPermanent() ? 404 : 503;
		}
		return isA(ex, TOMCAT_BAD_REQUEST) ? 400 : 500;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		for (int i = 0; i < MAX_CAUSES && root.getCause() != null; i++) {
			root = root.getCause();
		}
		return root;
	}

	private static boolean isA(Throwable ex, String className) {
		for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

}
