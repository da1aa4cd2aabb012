package io.middlewaretrace.deadline;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared timer for every request's deadline: a single daemon thread that fires when a
 * deadline passes, instead of a thread (or a timer) per request. What it runs must be short:
 * mark the request, cancel its statement, abort its call, interrupt its thread.
 *
 * @since 0.1.0
 */
public final class DeadlineWatchdog implements AutoCloseable {

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Creates a watchdog with its thread.
	 */
	public DeadlineWatchdog() {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "middleware-deadline-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		// requests that end in time cancel their timer: drop it from the queue at once
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * Runs {@code action} once {@code delayNanos} have passed.
	 * @param action what to run
	 * @param delayNanos the delay; 0 or less runs it at once
	 * @return cancels the action
	 */
	public Future<?> schedule(Runnable action, long delayNanos) {
		return this.executor.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
	}

	/**
	 * Returns the number of deadlines waiting to fire.
	 * @return the number of pending timers
	 */
	public int pending() {
		return this.executor.getQueue().size();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
