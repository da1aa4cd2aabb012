package io.middlewaretrace.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * The filter's participants, called in order; one that throws is counted and skipped, so that
 * a feature's failure never reaches the application's request.
 */
final class Participants {

	private static final Log logger = LogFactory.getLog(MiddlewareTraceFilter.class);

	private final RequestParticipant[] participants;

	private final RequestMetrics metrics;

	Participants(List<? extends RequestParticipant> participants, RequestMetrics metrics) {
		this.participants = participants.toArray(new RequestParticipant[0]);
		this.metrics = metrics;
	}

	void requestStarted(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.requestStarted(context, request);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void dispatchStarting(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.dispatchStarting(context, request);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void dispatchReturned(DefaultRequestContext context, HttpServletRequest request,
			TracingResponseWrapper response) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.dispatchReturned(context, request, response);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void exceptionEscaped(DefaultRequestContext context, HttpServletRequest request, Throwable cause,
			Throwable thrown) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.exceptionEscaped(context, request, cause, thrown);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void dispatchEnded(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.dispatchEnded(context, request);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void responseChangedAfterCommit(DefaultRequestContext context, String change) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.responseChangedAfterCommit(context, change);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void bodyReadTwice(DefaultRequestContext context, long bytesReadBefore, int replayLimit) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.bodyReadTwice(context, bytesReadBefore, replayLimit);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void requestCompleted(DefaultRequestContext context, HttpServletRequest request, HttpServletResponse response) {
		for (RequestParticipant participant : this.participants) {
			try {
				participant.requestCompleted(context, request, response);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	List<RequestParticipant> asList() {
		return List.of(this.participants);
	}

	private void failed(RequestParticipant participant, RuntimeException ex) {
		this.metrics.internalError();
		logger.warn("Request participant " + participant.getClass().getName() + " failed", ex);
	}

}
