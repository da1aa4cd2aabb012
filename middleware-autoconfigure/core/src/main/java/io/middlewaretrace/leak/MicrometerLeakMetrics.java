package io.middlewaretrace.leak;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Leak counters in Micrometer: {@code middleware.leaks} by kind and route,
 * {@code middleware.leaks.reclaimed} by pool. Tags are route patterns, kinds and pool names,
 * never raw paths.
 *
 * @since 0.1.0
 */
public class MicrometerLeakMetrics implements LeakMetrics {

	/**
	 * Counter of leaks.
	 */
	public static final String LEAKS = "middleware.leaks";

	/**
	 * Counter of reclaimed connections.
	 */
	public static final String RECLAIMED = "middleware.leaks.reclaimed";

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry the meter registry
	 */
	public MicrometerLeakMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void leaked(LeakKind kind, String route) {
		Counter.builder(LEAKS)
			.description("Connections, tasks and MDC entries that outlived their request")
			.tag("kind", kind.tag())
			.tag("route", (route != null) ? route : "none")
			.register(this.registry)
			.increment();
	}

	@Override
	public void reclaimed(String pool) {
		Counter.builder(RECLAIMED)
			.description("Leaked connections the starter gave back to their pool")
			.tag("pool", pool)
			.register(this.registry)
			.increment();
	}

}
