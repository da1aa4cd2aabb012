package io.middlewaretrace.context;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries what the submitting thread knows (its {@link RequestContext} with the deadline, the
 * trace, and every other value registered with Micrometer context-propagation) into the task,
 * and records the task as an {@code async.task} {@link Phase} of the request. The task's thread
 * gets its previous values back when the task ends, so nothing stays behind on a pooled thread.
 *
 * @since 0.1.0
 */
public final class RequestContextTaskDecorator implements TaskDecorator {

	/**
	 * Name of the phase a task run on a request's behalf is recorded under.
	 */
	public static final String PHASE = "async.task";

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	@Override
	public Runnable decorate(Runnable runnable) {
		RequestContext submitter = RequestContextHolder.get();
		ContextSnapshot snapshot = this.snapshots.captureAll();
		return () -> {
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
		};
	}

}
