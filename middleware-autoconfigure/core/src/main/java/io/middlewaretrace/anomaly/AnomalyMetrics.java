package io.middlewaretrace.anomaly;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.middlewaretrace.context.AnomalyType;

/**
 * The {@code middleware.anomalies} counter, one series per anomaly type, registered up front so
 * that every type reads 0 until it happens.
 *
 * @since 0.1.0
 */
public class AnomalyMetrics implements AnomalyListener {

	/**
	 * Name of the counter.
	 */
	public static final String COUNTER = "middleware.anomalies";

	private final Map<AnomalyType, Counter> counters = new EnumMap<>(AnomalyType.class);

	/**
	 * Registers the counters.
	 * @param registry the meter registry
	 */
	public AnomalyMetrics(MeterRegistry registry) {
		for (AnomalyType type : AnomalyType.values()) {
			this.counters.put(type, Counter.builder(COUNTER)
				.description("Middleware anti-patterns detected at runtime")
				.tag("type", type.name())
				.register(registry));
		}
	}

	@Override
	public void anomalyRecorded(Anomaly anomaly) {
		this.counters.get(anomaly.type()).increment();
	}

}
