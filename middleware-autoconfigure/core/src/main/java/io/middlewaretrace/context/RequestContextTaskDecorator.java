package io.middlewaretrace.context;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries what the submitting thread knows (its {@link DefaultRequestContext} with the deadline, the
 * trace, and every other value registered with Micrometer context-propagation) into the task,
 * and records the task as an {@code async.task} {@link Phase} of the request. The task's thread
 * gets its previous values back when the task ends, so nothing stays behind on a pooled thread.
 * Given a {@link TaskTracker}, it also shows the tracker each task decorated on a request's
 * behalf, and when it starts and ends.
 *
 * @since 0.1.0
 */
public final class RequestContextTaskDecorator implements TaskDecorator {

	/**
	 * Name of the phase a task run on a request's behalf is recorded under.
	 */
	public static final String PHASE = "async.task";

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	private final TaskTracker tracker;

	/**
	 * Creates a decorator that tracks nothing.
	 */
	public RequestContextTaskDecorator() {
		this(null);
	}

	/**
	 * Creates a decorator.
	 * @param tracker told about tasks decorated on a request's behalf, {@code null} for none
	 */
	public RequestContextTaskDecorator(TaskTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		DefaultRequestContext submitter = RequestContextHolder.get();
		ContextSnapshot snapshot = this.snapshots.captureAll();
		TaskTracker.Task tracked = (submitter != null && this.tracker != null) ? this.tracker.track(submitter, runnable)
				: null;
		if (tracked == null) {
			return () -> run(runnable, submitter, snapshot);
		}
		return () -> {
			tracked.started();
			try {
				run(runnable, submitter, snapshot);
			}
			finally {
				tracked.ended();
			}
		};
	}

	private static void run(Runnable runnable, DefaultRequestContext submitter, ContextSnapshot snapshot) {
		try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
			Phase phase = (submitter != null) ? submitter.phases().start(PHASE, null) : null;
			try {
				runnable.run();
				if (phase != null) {
					phase.end(Phase.OK);
				}
			}
			finally {
				if (phase != null) {
					phase.end(Phase.FAILED);
				}
			}
		}
	}

}
