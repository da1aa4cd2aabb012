package io.middlewaretrace.web;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Looks at the MDC around each dispatch of the {@link MiddlewareTraceFilter}: what a request
 * left behind on its thread, and what an earlier request or an outer filter left there before
 * it started. The filter calls it only when one is configured, so without one its path is
 * unchanged.
 * <p>
 * Both calls happen on the dispatch's own thread, one dispatch at a time; implementations must
 * not throw.
 *
 * @since 0.1.0
 */
public interface DispatchMdcCheck {

	/**
	 * Called when a dispatch starts, before the filter binds the request to the thread.
	 * @param requestDispatch whether this is the request's first ({@code REQUEST}) dispatch,
	 * when whatever an earlier request left on the thread is still there
	 */
	void dispatchStarting(boolean requestDispatch);

	/**
	 * Called when a dispatch ended, after the filter removed its own MDC entries.
	 * @param context the request the dispatch worked for
	 */
	void dispatchEnded(DefaultRequestContext context);

}
