package io.middlewaretrace.stage;

import java.util.function.Supplier;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * Resolves the real observer on first use: wrappers are created by bean post-processors, before
 * the meter registry the observer needs should be initialised.
 *
 * @since 0.1.0
 */
public final class LazyStageObserver implements StageObserver {

	private final Supplier<StageObserver> supplier;

	private volatile StageObserver observer;

	/**
	 * Creates a lazy observer.
	 * @param supplier supplies the real observer, once
	 */
	public LazyStageObserver(Supplier<StageObserver> supplier) {
		this.supplier = supplier;
	}

	private StageObserver observer() {
		StageObserver observer = this.observer;
		if (observer == null) {
			observer = this.supplier.get();
			this.observer = (observer != null) ? observer : NONE;
		}
		return this.observer;
	}

	@Override
	public void entered(DefaultRequestContext context, String stage, StageType type) {
		observer().entered(context, stage, type);
	}

	@Override
	public void exited(DefaultRequestContext context, String stage, StageType type, Outcome outcome, long nanos) {
		observer().exited(context, stage, type, outcome, nanos);
	}

}
