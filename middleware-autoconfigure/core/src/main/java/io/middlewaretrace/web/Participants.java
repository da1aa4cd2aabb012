package io.middlewaretrace.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * The filter's participants, called in order; one that throws is counted and skipped, so that
 * a feature's failure never reaches the application's request. Each callback has its own array
 * of the participants that implement it, and its own loop: one loop over a lambda would
 * allocate a capturing lambda per call on the request's path.
 */
final class Participants {

	private static final Log logger = LogFactory.getLog(MiddlewareTraceFilter.class);

	private final List<RequestParticipant> all;

	private final RequestParticipant[] requestStarted;

	private final RequestParticipant[] dispatchStarting;

	private final RequestParticipant[] dispatchReturned;

	private final RequestParticipant[] exceptionEscaped;

	private final RequestParticipant[] dispatchEnded;

	private final RequestParticipant[] responseChangedAfterCommit;

	private final RequestParticipant[] bodyReadTwice;

	private final RequestParticipant[] requestCompleted;

	private final RequestMetrics metrics;

	Participants(List<? extends RequestParticipant> participants, RequestMetrics metrics) {
		List<RequestParticipant> all = List.copyOf(participants);
		this.all = all;
		this.requestStarted = implementing(all, "requestStarted", DefaultRequestContext.class, HttpServletRequest.class);
		this.dispatchStarting = implementing(all, "dispatchStarting", DefaultRequestContext.class, HttpServletRequest.class);
		this.dispatchReturned = implementing(all, "dispatchReturned", DefaultRequestContext.class, HttpServletRequest.class, TracingResponseWrapper.class);
		this.exceptionEscaped = implementing(all, "exceptionEscaped", DefaultRequestContext.class, HttpServletRequest.class, Throwable.class, Throwable.class);
		this.dispatchEnded = implementing(all, "dispatchEnded", DefaultRequestContext.class, HttpServletRequest.class);
		this.responseChangedAfterCommit = implementing(all, "responseChangedAfterCommit", DefaultRequestContext.class, String.class);
		this.bodyReadTwice = implementing(all, "bodyReadTwice", DefaultRequestContext.class, long.class, int.class);
		this.requestCompleted = implementing(all, "requestCompleted", DefaultRequestContext.class, HttpServletRequest.class, HttpServletResponse.class);
		this.metrics = metrics;
	}

	/**
	 * The participants that implement a callback, in order. Most implement one or two of the
	 * eight; calling the empty defaults of the others from one megamorphic call site cost a
	 * request with every feature on about 70 ns (Netty's ChannelHandlerMask skips handlers the
	 * same way).
	 */
	private static RequestParticipant[] implementing(List<RequestParticipant> participants, String callback,
			Class<?>... parameterTypes) {
		List<RequestParticipant> implementing = new ArrayList<>();
		for (RequestParticipant participant : participants) {
			if (implementsCallback(participant.getClass(), callback, parameterTypes)) {
				implementing.add(participant);
			}
		}
		return implementing.toArray(new RequestParticipant[0]);
	}

	private static boolean implementsCallback(Class<?> type, String callback, Class<?>... parameterTypes) {
		try {
			return type.getMethod(callback, parameterTypes).getDeclaringClass() != RequestParticipant.class;
		}
		catch (NoSuchMethodException ex) {
			// cannot happen for a RequestParticipant; call it rather than skip it
			return true;
		}
	}

	void requestStarted(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.requestStarted) {
			try {
				participant.requestStarted(context, request);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void dispatchStarting(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.dispatchStarting) {
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
		for (RequestParticipant participant : this.dispatchReturned) {
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
		for (RequestParticipant participant : this.exceptionEscaped) {
			try {
				participant.exceptionEscaped(context, request, cause, thrown);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void dispatchEnded(DefaultRequestContext context, HttpServletRequest request) {
		for (RequestParticipant participant : this.dispatchEnded) {
			try {
				participant.dispatchEnded(context, request);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void responseChangedAfterCommit(DefaultRequestContext context, String change) {
		for (RequestParticipant participant : this.responseChangedAfterCommit) {
			try {
				participant.responseChangedAfterCommit(context, change);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void bodyReadTwice(DefaultRequestContext context, long bytesReadBefore, int replayLimit) {
		for (RequestParticipant participant : this.bodyReadTwice) {
			try {
				participant.bodyReadTwice(context, bytesReadBefore, replayLimit);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	void requestCompleted(DefaultRequestContext context, HttpServletRequest request, HttpServletResponse response) {
		for (RequestParticipant participant : this.requestCompleted) {
			try {
				participant.requestCompleted(context, request, response);
			}
			catch (RuntimeException ex) {
				failed(participant, ex);
			}
		}
	}

	/**
	 * Whether any participant is told about changes to a committed response: without one, the
	 * response wrapper does not look for them.
	 */
	boolean watchResponseChanges() {
		return this.responseChangedAfterCommit.length > 0;
	}

	/**
	 * Whether any participant is told about a body read twice: without one, a replaying request
	 * does not watch for it.
	 */
	boolean watchBodyReadTwice() {
		return this.bodyReadTwice.length > 0;
	}

	List<RequestParticipant> asList() {
		return this.all;
	}

	private void failed(RequestParticipant participant, RuntimeException ex) {
		this.metrics.internalError();
		logger.warn("Request participant " + participant.getClass().getName() + " failed", ex);
	}

}
