package io.middlewaretrace.web;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Completes requests whose last dispatch the filter did not see: the container calls
 * {@code requestDestroyed} after everything else, including error pages. A request the filter
 * already completed is left alone.
 *
 * @since 0.1.0
 */
public class RequestCompletionSafetyNet implements ServletRequestListener {

	private final MiddlewareTraceFilter filter;

	public RequestCompletionSafetyNet(MiddlewareTraceFilter filter) {
		this.filter = filter;
	}

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		this.filter.completeIfPending(event.getServletRequest());
	}

}
