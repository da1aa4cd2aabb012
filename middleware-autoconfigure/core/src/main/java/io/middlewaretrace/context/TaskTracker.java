package io.middlewaretrace.context;

/**
 * Told about each task the {@link RequestContextTaskDecorator} decorates on a request's behalf,
 * to follow it as a {@link Lease} of that request: the starter's leak diagnostics use it to find
 * tasks that keep running long after their request ended. Tasks decorated outside a request are
 * not shown to it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TaskTracker {

	/**
	 * Starts following a task, on the submitting thread.
	 * @param submitter the request the task is submitted for
	 * @param task the task as submitted
	 * @return what is told when the task starts and ends, or {@code null} to leave the task
	 * untracked
	 */
	Task track(DefaultRequestContext submitter, Runnable task);

	/**
	 * A tracked task, told when it starts and ends on the thread that runs it.
	 */
	interface Task {

		/**
		 * Called on the task's thread before the task runs.
		 */
		void started();

		/**
		 * Called on the task's thread after the task ran, also when it failed.
		 */
		void ended();

	}

}
