package io.middlewaretrace.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.support.RequestBodies;

/**
 * The request and response bodies the starter's first filter captures (for snapshots) and the
 * request body it keeps to replay (for a handler that reads a body a filter consumed), each
 * bounded by its limit.
 *
 * @since 0.1.0
 */
public final class BodyCaptures {

	private static final String REQUEST_BODY_ATTRIBUTE = BodyCaptures.class.getName() + ".requestBody";

	private static final String RESPONSE_BODY_ATTRIBUTE = BodyCaptures.class.getName() + ".responseBody";

	private final int captureLimit;

	private final int replayLimit;

	private final Participants participants;

	private final BodyReadTwiceListener bodyReadTwice = this::bodyReadTwice;

	BodyCaptures(int captureLimit, int replayLimit, Participants participants) {
		this.captureLimit = captureLimit;
		this.replayLimit = replayLimit;
		this.participants = participants;
	}

	/**
	 * Wraps the request of a REQUEST dispatch that has a body, when bodies are captured or
	 * replayed; returns every other request as it is.
	 */
	HttpServletRequest wrap(HttpServletRequest request) {
		// a request has one REQUEST dispatch, and the filter runs once in it
		if (request.getDispatcherType() != DispatcherType.REQUEST || (this.captureLimit < 0 && this.replayLimit <= 0)
				|| !RequestBodies.hasBody(request)) {
			return request;
		}
		CapturingRequest capturing = new CapturingRequest(request,
				(this.captureLimit >= 0) ? new BodyCapture(this.captureLimit) : null, this.replayLimit,
				this.participants.watchBodyReadTwice() ? this.bodyReadTwice : null);
		request.setAttribute(REQUEST_BODY_ATTRIBUTE, capturing);
		return capturing;
	}

	/**
	 * The response body capture of the request, shared by its dispatches (an error page's body
	 * follows what the handler wrote), or {@code null} without snapshots.
	 */
	BodyCapture responseCapture(HttpServletRequest request) {
		if (this.captureLimit < 0) {
			return null;
		}
		if (request.getAttribute(RESPONSE_BODY_ATTRIBUTE) instanceof BodyCapture capture) {
			return capture;
		}
		BodyCapture capture = new BodyCapture(this.captureLimit);
		request.setAttribute(RESPONSE_BODY_ATTRIBUTE, capture);
		return capture;
	}

	/**
	 * Returns what was captured of a request's body, if bodies are captured and it has one.
	 * @param request the servlet request
	 * @return the capture or {@code null}
	 */
	public static BodyCapture requestBody(HttpServletRequest request) {
		return (request.getAttribute(REQUEST_BODY_ATTRIBUTE) instanceof CapturingRequest capturing)
				? capturing.bodyCapture() : null;
	}

	/**
	 * Returns what was captured of a request's response body, if bodies are captured.
	 * @param request the servlet request
	 * @return the capture or {@code null}
	 */
	public static BodyCapture responseBody(HttpServletRequest request) {
		return (request.getAttribute(RESPONSE_BODY_ATTRIBUTE) instanceof BodyCapture capture) ? capture : null;
	}

	/**
	 * The handler met a request body that a filter consumed and that was too large to replay.
	 */
	private void bodyReadTwice(long bytesReadBefore) {
		this.participants.bodyReadTwice(RequestContextHolder.get(), bytesReadBefore, this.replayLimit);
	}

}
