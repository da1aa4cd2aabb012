package io.middlewaretrace.leak;

/**
 * Where leak counts go: Micrometer when present ({@link MicrometerLeakMetrics}), nowhere
 * otherwise.
 *
 * @since 0.1.0
 */
public interface LeakMetrics {

	/**
	 * Metrics that go nowhere.
	 */
	LeakMetrics NONE = new LeakMetrics() {
	};

	/**
	 * Counts one leak.
	 * @param kind what leaked
	 * @param route the route of the request that leaked it, a pattern or fixed token
	 */
	default void leaked(LeakKind kind, String route) {
	}

	/**
	 * Counts one connection the starter reclaimed for its pool.
	 * @param pool the pool name
	 */
	default void reclaimed(String pool) {
	}

}
