package io.middlewaretrace.leak.task;

import java.lang.ref.WeakReference;

/**
 * A task still queued or running when its request ended, held weakly: a task its executor
 * dropped without running (rejected, cancelled, shut down) is collected and no longer counted,
 * while a queued or running one stays reachable through its executor.
 */
final class OutlivedTask extends WeakReference<TrackedTask> {

	/**
	 * Whether the task ended (set by the task), so that a collected task is not counted as
	 * dropped.
	 */
	volatile boolean done;

	OutlivedTask(TrackedTask task) {
		super(task);
	}

}
