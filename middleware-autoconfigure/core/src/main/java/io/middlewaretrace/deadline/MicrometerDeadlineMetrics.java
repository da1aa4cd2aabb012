package io.middlewaretrace.deadline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deadline counters in Micrometer: {@code middleware.deadline.exceeded} by route and phase,
 * {@code middleware.deadline.header.invalid} by header and reason. Tags are route patterns,
 * phase and header names from a bounded set, never raw paths or values.
 *
 * @since 0.1.0
 */
public class MicrometerDeadlineMetrics implements DeadlineMetrics {

	/**
	 * Counter of requests that ran out of their deadline.
	 */
	public static final String EXCEEDED = "middleware.deadline.exceeded";

	/**
	 * Counter of inbound timeout header values that were ignored.
	 */
	public static final String INVALID_HEADER = "middleware.deadline.header.invalid";

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry the meter registry
	 */
	public MicrometerDeadlineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void invalidHeader(String header, String reason) {
		Counter.builder(INVALID_HEADER)
			.description("Inbound timeout header values that were ignored")
			.tag("header", header)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void exceeded(String route, String phase) {
		Counter.builder(EXCEEDED)
			.description("Requests that ran out of their deadline")
			.tag("route", route)
			.tag("phase", phase)
			.register(this.registry)
			.increment();
	}

}
