package io.middlewaretrace.web;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Called once per request, after its last dispatch (including async and error dispatches), with
 * the completed {@link DefaultRequestContext}. The access log is one; later features (diagnostics, leak
 * checks) add theirs. Listeners must not throw; if one does, the failure is logged and the
 * others still run.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestCompletionListener {

	/**
	 * Handles a completed request.
	 * @param context the completed request context
	 */
	void requestCompleted(DefaultRequestContext context);

}
