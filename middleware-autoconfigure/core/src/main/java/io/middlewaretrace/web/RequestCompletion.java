package io.middlewaretrace.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerMapping;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * When a request is complete: after its last dispatch, which is the REQUEST one, the ASYNC one
 * that ends its async cycle, or the ERROR one of the error page the container renders after
 * {@code sendError}; exactly once, whichever of them (or the safety net) gets there first.
 */
final class RequestCompletion {

	private static final String PENDING_STATUS_ATTRIBUTE = RequestCompletion.class.getName() + ".pendingStatus";

	private final Participants participants;

	RequestCompletion(Participants participants) {
		this.participants = participants;
	}

	void afterDispatch(HttpServletRequest request, HttpServletResponse response,
			TracingResponseWrapper wrapper, DefaultRequestContext context) {
		if (context.routePattern() == null && request.getDispatcherType() != DispatcherType.ERROR
				&& request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			context.routePattern(pattern);
		}
		if (request.isAsyncStarted()) {
			if (request.getAttribute(AsyncCompletion.ATTRIBUTE) == null) {
				request.setAttribute(AsyncCompletion.ATTRIBUTE, Boolean.TRUE);
				request.getAsyncContext().addListener(new AsyncCompletion(this, context));
			}
			return;
		}
		// after sendError, the application's or the container's own, a container renders its
		// error page in an ERROR dispatch that we see too, with the status the client gets;
		// complete there (or, with no error page, in requestDestroyed). A mock container
		// (MockMvc) has neither, so complete now.
		if (request.getDispatcherType() != DispatcherType.ERROR
				&& (wrapper.isErrorSent() || wrapper.isAnsweredByContainer()) && !isMockContainer(request)) {
			request.setAttribute(PENDING_STATUS_ATTRIBUTE, response.getStatus());
			return;
		}
		complete(context, response.getStatus(), request, response);
	}

	private static boolean isMockContainer(HttpServletRequest request) {
		String serverInfo = request.getServletContext().getServerInfo();
		return serverInfo != null && serverInfo.startsWith("MockServletContext");
	}

	/**
	 * Completes the request of the given servlet request if nothing did so yet: the safety net
	 * for a request that sent an error status the container answered without an ERROR dispatch
	 * (no error page configured).
	 * @param request the servlet request
	 */
	void completeIfPending(ServletRequest request) {
		if (request.getAttribute(MiddlewareTraceFilter.CONTEXT_ATTRIBUTE) instanceof DefaultRequestContext context
				&& request.getAttribute(PENDING_STATUS_ATTRIBUTE) instanceof Integer status) {
			complete(context, status, (request instanceof HttpServletRequest http) ? http : null, null);
		}
	}

	void complete(DefaultRequestContext context, int status, HttpServletRequest request, HttpServletResponse response) {
		if (!context.complete(status, System.nanoTime())) {
			return;
		}
		// what the request borrowed and still holds (connections, tasks) is checked first, so
		// that the listeners see its leaks
		context.endLeases();
		this.participants.requestCompleted(context, request, response);
	}

}
