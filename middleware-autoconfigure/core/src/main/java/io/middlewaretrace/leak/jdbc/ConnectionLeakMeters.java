package io.middlewaretrace.leak.jdbc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of held connections by pool: {@code middleware.leaks.connections.held} and
 * {@code middleware.leaks.connections.held.age.max} (seconds), registered for every pool the
 * {@link ConnectionLeakSource} tracks, now or later.
 *
 * @since 0.1.0
 */
public class ConnectionLeakMeters implements MeterBinder {

	/**
	 * Gauge of connections held now.
	 */
	public static final String HELD = "middleware.leaks.connections.held";

	/**
	 * Gauge of how long the oldest held connection has been held.
	 */
	public static final String HELD_AGE_MAX = "middleware.leaks.connections.held.age.max";

	private final ConnectionLeakSource source;

	/**
	 * Creates the binder.
	 * @param source the connection leak source
	 */
	public ConnectionLeakMeters(ConnectionLeakSource source) {
		this.source = source;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.source.onPool((pool) -> {
			Gauge.builder(HELD, pool, PoolTracker::heldCount)
				.description("Connections borrowed through the starter and not returned yet")
				.tag("pool", pool.name())
				.strongReference(true)
				.register(registry);
			Gauge.builder(HELD_AGE_MAX, pool, PoolTracker::oldestHeldSeconds)
				.description("How long the oldest held connection has been held")
				.tag("pool", pool.name())
				.baseUnit("seconds")
				.strongReference(true)
				.register(registry);
		});
	}

}
