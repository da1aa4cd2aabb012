package io.middlewaretrace.support;

import java.io.IOException;

import jakarta.servlet.ServletException;

/**
 * Rethrows what a filter chain threw, with the types a {@code Filter} may throw.
 *
 * @since 0.1.0
 */
public final class ServletFailures {

	private ServletFailures() {
	}

	/**
	 * Rethrows a failure caught from {@code chain.doFilter}: an {@link IOException}, a
	 * {@link ServletException}, a {@link RuntimeException} or an {@link Error}.
	 * @param failure the failure
	 * @throws IOException if it is one
	 * @throws ServletException if it is one
	 */
	public static void rethrow(Throwable failure) throws IOException, ServletException {
		if (failure instanceof IOException io) {
			throw io;
		}
		if (failure instanceof ServletException servlet) {
			throw servlet;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw (Error) failure;
	}

}
