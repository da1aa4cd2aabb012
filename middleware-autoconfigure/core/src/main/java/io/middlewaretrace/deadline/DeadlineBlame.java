package io.middlewaretrace.deadline;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.Phases;

/**
 * Which phase a request that ran out of its deadline was waiting on: the phase running when the
 * deadline passed, whoever notices first (the watchdog on its next tick, the serving thread on
 * its way out, or a client whose own timeout, set from the remaining budget, fired first).
 *
 * @since 0.1.0
 */
public final class DeadlineBlame {

	/**
	 * A phase that ended this much before the deadline still counts as running at it: clients
	 * round timeouts set from the remaining budget to whole milliseconds.
	 */
	private static final long TOLERANCE_NANOS = 2_000_000L;

	private DeadlineBlame() {
	}

	/**
	 * Returns the name of the phase that was running when the request's deadline passed.
	 * @param context the request
	 * @return the phase name, or {@code null} if no phase was running then
	 */
	public static String phaseAtDeadline(DefaultRequestContext context) {
		Phases phases = context.phasesIfAny();
		Deadline deadline = context.deadline();
		if (phases == null || deadline == null) {
			return null;
		}
		Phase phase = phases.runningAt(deadline.deadlineNanos(), TOLERANCE_NANOS);
		return (phase != null) ? phase.name() : null;
	}

}
