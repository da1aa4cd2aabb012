package io.middlewaretrace.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.DisconnectedClientHelper;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.support.ServletFailures;

/**
 * What the starter's first filter does with an exception that escaped the application: logs it
 * once, on the request's trace, and answers it as the container would have (its error page, its
 * own answer for what it owns), or with problem+json when so configured; rethrows what only the
 * container can answer.
 */
final class EscapedExceptions {

	// the lines are the filter's, as users configure them
	private static final Log logger = LogFactory.getLog(MiddlewareTraceFilter.class);

	private final Participants participants;

	private final boolean problemDetails;

	EscapedExceptions(Participants participants, boolean problemDetails) {
		this.participants = participants;
		this.problemDetails = problemDetails;
	}

	void handle(Throwable ex, HttpServletRequest request, HttpServletResponse response, DefaultRequestContext context)
			throws IOException, ServletException {
		Throwable cause = unwrap(ex);
		if (cause instanceof VirtualMachineError || DisconnectedClientHelper.isClientDisconnectedException(cause)) {
			// out of memory: nothing sensible to answer; a client that went away: nothing to
			// answer it with, and no application failure to report
			ServletFailures.rethrow(ex);
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((observation) -> observation.setError(cause));
		this.participants.exceptionEscaped(context, request, cause, ex);
		boolean tomcat = ContainerErrors.isTomcat(request);
		if (tomcat && ContainerErrors.isTomcatsOwnAnswer(ex)) {
			// a request body Tomcat could not read, a stream it closed, a servlet that declared
			// itself unavailable: Tomcat answers them its own way (400, nothing, 503) and logs what
			// it means to (bad input at debug only: it is no failure of the application)
			if (!response.isCommitted()) {
				response.setStatus(ContainerErrors.status(ex));
			}
			ServletFailures.rethrow(ex);
		}
		String failed = "Unhandled exception in " + request.getMethod() + " " + context.route();
		if (response.isCommitted()) {
			// nothing can be answered any more; rethrow so the container aborts the response and
			// the client sees it truncated. The container logs it again, outside the trace: the
			// trace id in the message ties that line to this one.
			logger.error(failed + " after the response was committed", cause);
			throw new ServletException(failed + " after the response was committed (traceId=" + context.traceId() + ")",
					cause);
		}
		if (this.problemDetails) {
			int status = (cause instanceof ErrorResponse errorResponse) ? errorResponse.getStatusCode().value() : 500;
			logger.error(failed + "; answered " + status + " problem+json", cause);
			ProblemDetailsWriter.write(response, status, context);
			return;
		}
		if (tomcat && request.getDispatcherType() != DispatcherType.ERROR) {
			// do what Tomcat does with it, minus its log line outside the trace: the exception as
			// thrown goes to the error page Tomcat picks for it (one registered for its type, or
			// the one for 500), which sees the same request attributes and message
			logger.error(failed + "; answered 500 by the error page", cause);
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ex);
			response.sendError(500);
			return;
		}
		// an error page that failed goes back to Tomcat, which answers it itself; on another
		// container, whose error handling the starter does not mimic, or on MockMvc, the exception
		// reaches the container or the test as it would without the starter
		logger.error(failed + "; handed to the container", cause);
		// as Spring's observation filter does, so that the request completes with the status
		// the client gets
		response.setStatus(ContainerErrors.status(ex));
		ServletFailures.rethrow(ex);
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while (cause instanceof ServletException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
