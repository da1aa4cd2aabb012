package io.middlewaretrace.anomaly;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.context.AnomalyReporter;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.RequestParticipant;
import io.middlewaretrace.web.TracingResponseWrapper;

/**
 * Detects the anomalies one request shows as it passes the starter's first filter: a broken
 * filter chain, an exception that escaped a filter, a status or header changed after the
 * response was committed, a request body read again after a filter consumed it.
 *
 * @since 0.1.0
 */
public class RequestAnomalyDetector implements RequestParticipant {

	private final AnomalyReporter reporter;

	/**
	 * Creates a detector.
	 * @param reporter where the anomalies go
	 */
	public RequestAnomalyDetector(AnomalyReporter reporter) {
		this.reporter = reporter;
	}

	/**
	 * A request that no filter passed on to the dispatcher servlet and that nothing answered
	 * ends as an empty 200. With the stage-recording filter wrappers installed (embedded Tomcat),
	 * the innermost filter that returned without calling the chain or touching the response is
	 * named; without them (MockMvc, other containers), the request is reported only when nothing
	 * at all touched the response.
	 */
	@Override
	public void dispatchReturned(DefaultRequestContext context, HttpServletRequest request,
			TracingResponseWrapper response) {
		if (request.getDispatcherType() != DispatcherType.REQUEST || request.isAsyncStarted()
				|| response.isErrorSent() || context.responseBytes() != 0 || response.getStatus() != 200
				|| request.getAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE) != null) {
			return;
		}
		String culprit = context.brokenChainCandidate();
		if (culprit == null) {
			if (context.areContainerFiltersWrapped() || context.responseTouchedInDispatch()) {
				return;
			}
			culprit = "unknown filter (filters are named on embedded Tomcat)";
		}
		this.reporter.report(AnomalyType.BROKEN_CHAIN, context, culprit,
				"filter returned without calling the chain and without writing a response; the client got an empty 200",
				null);
	}

	@Override
	public void exceptionEscaped(DefaultRequestContext context, HttpServletRequest request, Throwable cause,
			Throwable thrown) {
		String filter = (context.throwingFilter() != null) ? context.throwingFilter() : FilterBlame.fromStack(thrown);
		if (filter != null) {
			this.reporter.report(AnomalyType.FILTER_EXCEPTION, context, filter,
					cause.getClass().getName() + " escaped the filter", null);
		}
	}

	@Override
	public void responseChangedAfterCommit(DefaultRequestContext context, String change) {
		String caller = CallerFrames.first();
		this.reporter.report(AnomalyType.CHANGE_AFTER_COMMIT, context, caller,
				change + " after the response was committed; the container ignores it", caller);
	}

	@Override
	public void bodyReadTwice(DefaultRequestContext context, long bytesReadBefore, int replayLimit) {
		String caller = CallerFrames.first();
		this.reporter.report(AnomalyType.BODY_READ_TWICE, context, caller, "request body read again after "
				+ bytesReadBefore + " bytes were consumed before the handler; it was too large to replay (limit "
				+ replayLimit + " bytes)", caller);
	}

}
