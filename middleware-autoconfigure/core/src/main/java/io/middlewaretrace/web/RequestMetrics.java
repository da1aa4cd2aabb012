package io.middlewaretrace.web;

/**
 * Counters the request path feeds. Implementations pre-register their meters, so counting
 * allocates nothing.
 *
 * @since 0.1.0
 */
public interface RequestMetrics {

	/**
	 * Metrics that count nothing, for applications without Micrometer.
	 */
	RequestMetrics NONE = new RequestMetrics() {
	};

	/**
	 * Counts an inbound request that carried no {@code traceparent} header.
	 */
	default void traceparentMissing() {
	}

	/**
	 * Counts an inbound request whose {@code traceparent} was malformed or duplicated (a fresh
	 * trace was started for it).
	 */
	default void traceparentMalformed() {
	}

	/**
	 * Counts an inbound request whose combined {@code tracestate} broke the grammar (the whole
	 * list was discarded).
	 */
	default void tracestateMalformed() {
	}

	/**
	 * Counts an inbound request whose combined {@code tracestate} had more than 32 members (it
	 * was cut to 32).
	 */
	default void tracestateTruncated() {
	}

	/**
	 * Counts an access-log line written without a trace id.
	 */
	default void accessLogWithoutTraceId() {
	}

	/**
	 * Counts a failure inside the starter itself that the request survived.
	 */
	default void internalError() {
	}

}
