package io.middlewaretrace.stage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * The {@code middleware.stage} timer: one series per stage, type and outcome. Stage names are
 * filter, interceptor and handler names, never paths, so the cardinality is bounded by the
 * application's middleware. Timers are looked up once and cached.
 *
 * @since 0.1.0
 */
public class StageMetrics implements StageObserver {

	/**
	 * Name of the timer.
	 */
	public static final String TIMER = "middleware.stage";

	private final MeterRegistry registry;

	private final Map<String, Map<Outcome, Timer>> timers = new ConcurrentHashMap<>();

	/**
	 * Creates the observer.
	 * @param registry where the timer is registered
	 */
	public StageMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void exited(DefaultRequestContext context, String stage, StageType type, Outcome outcome, long nanos) {
		Map<Outcome, Timer> byOutcome = this.timers.computeIfAbsent(stage, (name) -> new EnumMap<>(Outcome.class));
		Timer timer;
		synchronized (byOutcome) {
			timer = byOutcome.computeIfAbsent(outcome, (key) -> Timer.builder(TIMER)
				.description("Time spent in each middleware stage (filters, interceptors, handler)")
				.tag("stage", stage)
				.tag("type", type.name())
				.tag("outcome", key.name())
				.register(this.registry));
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

}
