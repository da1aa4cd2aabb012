package io.middlewaretrace.web;

/**
 * What the starter's first filter ({@link MiddlewareTraceFilter}) does beyond opening the
 * request context.
 *
 * @param traceResponseHeader whether to send the W3C {@code traceresponse} header
 * @param traceIdHeader whether to send the {@code X-Trace-Id} header
 * @param problemDetails whether to answer escaped exceptions with problem+json instead of
 * handing them to the container's error page
 * @param timelineCapacity stage events kept per request; 0 turns deep tracing off
 * @param bodyCaptureLimit request and response body bytes captured for snapshots, -1 for no
 * capture
 * @param bodyReplayLimit request body bytes kept so that the body can be read again after a
 * filter consumed it, 0 for no replay
 * @since 0.1.0
 */
public record TraceFilterSettings(boolean traceResponseHeader, boolean traceIdHeader, boolean problemDetails,
		int timelineCapacity, int bodyCaptureLimit, int bodyReplayLimit) {

	/**
	 * Settings without body capture or replay.
	 * @param traceResponseHeader whether to send the W3C {@code traceresponse} header
	 * @param traceIdHeader whether to send the {@code X-Trace-Id} header
	 * @param problemDetails whether to answer escaped exceptions with problem+json
	 * @param timelineCapacity stage events kept per request; 0 turns deep tracing off
	 */
	public TraceFilterSettings(boolean traceResponseHeader, boolean traceIdHeader, boolean problemDetails,
			int timelineCapacity) {
		this(traceResponseHeader, traceIdHeader, problemDetails, timelineCapacity, -1, 0);
	}

}
