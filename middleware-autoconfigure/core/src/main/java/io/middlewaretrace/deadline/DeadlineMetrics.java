package io.middlewaretrace.deadline;

/**
 * Counters the deadline feature feeds.
 *
 * @since 0.1.0
 */
public interface DeadlineMetrics {

	/**
	 * Counts nothing.
	 */
	DeadlineMetrics NONE = new DeadlineMetrics() {
	};

	/**
	 * Counts an inbound timeout header value that was ignored.
	 * @param header the header name
	 * @param reason why ({@code empty}, {@code non-numeric}, {@code negative}, {@code zero},
	 * {@code fractional}, {@code overflow}, {@code too-long}, {@code duplicated})
	 */
	default void invalidHeader(String header, String reason) {
	}

	/**
	 * Counts a request that ran out of its deadline.
	 * @param route the route pattern
	 * @param phase the phase blamed
	 */
	default void exceeded(String route, String phase) {
	}

}
