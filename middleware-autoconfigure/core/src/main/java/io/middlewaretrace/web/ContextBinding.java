package io.middlewaretrace.web;

import org.slf4j.MDC;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Binds a request's context to the thread serving one of its dispatches, with its route (and,
 * in an ERROR dispatch, its trace) in the MDC, and unbinds it again.
 */
final class ContextBinding {

	private static final String TRACE_ID_MDC_KEY = "traceId";

	private static final String SPAN_ID_MDC_KEY = "spanId";

	private ContextBinding() {
	}

	/**
	 * Binds the context to the thread; returns whether trace and span id were put in the MDC
	 * here, to be removed again by {@link #unbind(boolean)}.
	 */
	static boolean bind(DefaultRequestContext context, boolean errorDispatch) {
		RequestContextHolder.set(context);
		String route = context.routePattern();
		if (route != null) {
			MDC.put(MiddlewareTraceFilter.ROUTE_MDC_KEY, route);
		}
		// Boot's observation filter does not run for ERROR dispatches: keep the error page's log
		// lines on the request's trace
		if (errorDispatch && context.traceId() != null && MDC.get(TRACE_ID_MDC_KEY) == null) {
			MDC.put(TRACE_ID_MDC_KEY, context.traceId());
			MDC.put(SPAN_ID_MDC_KEY, context.spanId());
			return true;
		}
		return false;
	}

	static void unbind(boolean restoredTrace) {
		MDC.remove(MiddlewareTraceFilter.ROUTE_MDC_KEY);
		if (restoredTrace) {
			MDC.remove(TRACE_ID_MDC_KEY);
			MDC.remove(SPAN_ID_MDC_KEY);
		}
		RequestContextHolder.clear();
	}

}
