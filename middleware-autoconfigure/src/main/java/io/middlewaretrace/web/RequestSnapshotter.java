package io.middlewaretrace.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Takes the snapshot of a request as it completes, while request and response are still
 * readable, and attaches it to the context (for requests whose diagnostic record is kept).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestSnapshotter {

	/**
	 * Snapshots a completed request if it is worth keeping.
	 * @param context the completed request context
	 * @param request the request
	 * @param response the response, {@code null} when the container no longer offers it
	 */
	void snapshot(DefaultRequestContext context, HttpServletRequest request, HttpServletResponse response);

}
