package io.middlewaretrace.stage;

import java.util.List;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * Tells several observers, in order.
 */
final class CompositeStageObserver implements StageObserver {

	private final StageObserver[] observers;

	private CompositeStageObserver(List<StageObserver> observers) {
		this.observers = observers.toArray(new StageObserver[0]);
	}

	static StageObserver of(List<StageObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		return (observers.size() == 1) ? observers.get(0) : new CompositeStageObserver(observers);
	}

	@Override
	public void entered(DefaultRequestContext context, String stage, StageType type) {
		for (StageObserver observer : this.observers) {
			observer.entered(context, stage, type);
		}
	}

	@Override
	public void exited(DefaultRequestContext context, String stage, StageType type, Outcome outcome, long nanos) {
		for (StageObserver observer : this.observers) {
			observer.exited(context, stage, type, outcome, nanos);
		}
	}

}
