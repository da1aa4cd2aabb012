package io.middlewaretrace.stage;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * Told about every stage a deep-traced request enters and leaves, beyond the timeline: the
 * stage timer and the optional stage log lines are observers.
 *
 * @since 0.1.0
 */
public interface StageObserver {

	/**
	 * An observer that does nothing.
	 */
	StageObserver NONE = new StageObserver() {
	};

	/**
	 * Returns one observer telling all of the given ones, in order.
	 * @param observers the observers
	 * @return {@link #NONE}, the single observer, or a composite
	 */
	static StageObserver composite(java.util.List<StageObserver> observers) {
		return CompositeStageObserver.of(observers);
	}

	/**
	 * Called when a stage is entered.
	 * @param context the request's context
	 * @param stage the stage name
	 * @param type the stage type
	 */
	default void entered(DefaultRequestContext context, String stage, StageType type) {
	}

	/**
	 * Called when a stage is left.
	 * @param context the request's context
	 * @param stage the stage name
	 * @param type the stage type
	 * @param outcome how it ended
	 * @param nanos how long it took, nested stages included
	 */
	default void exited(DefaultRequestContext context, String stage, StageType type, Outcome outcome, long nanos) {
	}

}
