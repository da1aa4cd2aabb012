package io.middlewaretrace.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * A feature's part in every request the starter's first filter sees: the one way a feature
 * joins the request's life, so that the filter runs the participants it is given and names none
 * of them (as Spring's {@code ServerHttpObservationFilter} runs observation handlers it never
 * names).
 * <p>
 * The filter calls the participants in their order ({@link org.springframework.core.Ordered},
 * lowest first) for every callback, on the thread that serves the dispatch. A participant that
 * throws is counted as an internal error and skipped for that callback; it never changes what the
 * application answers. Participants keep per-request state in the request context's
 * {@linkplain io.middlewaretrace.context.AttachmentKey attachments}, never in fields, and never
 * keep the servlet request or response beyond the call.
 *
 * @since 0.1.0
 */
public interface RequestParticipant {

	/**
	 * A request began: its context was just opened, in its REQUEST dispatch, before anything else
	 * ran on it. Called once per request.
	 * @param context the request's context
	 * @param request the servlet request
	 */
	default void requestStarted(DefaultRequestContext context, HttpServletRequest request) {
	}

	/**
	 * A dispatch of the request (REQUEST, ASYNC or ERROR) is about to run the filter chain. The
	 * request's context is not yet bound to the thread, nor its route in the MDC: the thread is
	 * as the container handed it over.
	 * @param context the request's context
	 * @param request the servlet request
	 */
	default void dispatchStarting(DefaultRequestContext context, HttpServletRequest request) {
	}

	/**
	 * The filter chain returned normally from a dispatch; the context is still bound.
	 * @param context the request's context
	 * @param request the servlet request
	 * @param response the starter's response wrapper of the request
	 */
	default void dispatchReturned(DefaultRequestContext context, HttpServletRequest request,
			TracingResponseWrapper response) {
	}

	/**
	 * An exception escaped the application's filter chain and the starter is about to answer it
	 * (or hand it to the container's error page). Not called for a client that went away, an
	 * {@link VirtualMachineError}, or what the container had already answered itself.
	 * @param context the request's context
	 * @param request the servlet request
	 * @param cause the exception, unwrapped from {@code ServletException}s
	 * @param thrown the exception as it escaped
	 */
	default void exceptionEscaped(DefaultRequestContext context, HttpServletRequest request, Throwable cause,
			Throwable thrown) {
	}

	/**
	 * A dispatch ended: its context is no longer bound to the thread and the starter's MDC entries
	 * are removed.
	 * @param context the request's context
	 * @param request the servlet request
	 */
	default void dispatchEnded(DefaultRequestContext context, HttpServletRequest request) {
	}

	/**
	 * The application changed a response it had already committed (a status or header the
	 * container can no longer send). Called on the application's thread, inside its call.
	 * @param context the request's context
	 * @param change what was changed, for example {@code setStatus(500)}
	 */
	default void responseChangedAfterCommit(DefaultRequestContext context, String change) {
	}

	/**
	 * The handler read a request body that a filter had consumed before it, and that was too
	 * large to replay. Called on the reading thread, inside the read.
	 * @param context the request's context, or {@code null} when the body is read on a thread the
	 * request's context did not reach
	 * @param bytesReadBefore how many body bytes were consumed before the handler
	 * @param replayLimit the replay limit the body exceeded
	 */
	default void bodyReadTwice(DefaultRequestContext context, long bytesReadBefore, int replayLimit) {
	}

	/**
	 * The request completed: exactly once, after its last dispatch, with the status the client
	 * got. What the request still held (connections, tasks) was checked just before.
	 * @param context the completed request's context
	 * @param request the servlet request, or {@code null} when the request completed outside any
	 * dispatch
	 * @param response the servlet response, or {@code null} when it is not known
	 */
	default void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
			HttpServletResponse response) {
	}

}
