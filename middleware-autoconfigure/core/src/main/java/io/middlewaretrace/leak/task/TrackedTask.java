package io.middlewaretrace.leak.task;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Lease;
import io.middlewaretrace.context.TaskTracker;

/**
 * One task submitted on a request's behalf: a lease of the request from submission until the
 * task ends. It holds its thread only while the task runs.
 */
final class TrackedTask extends Lease implements TaskTracker.Task {

	static final int QUEUED = 0;

	static final int RUNNING = 1;

	static final int DONE = 2;

	private static final AtomicIntegerFieldUpdater<TrackedTask> STATE = AtomicIntegerFieldUpdater
		.newUpdater(TrackedTask.class, "state");

	private final TaskLeaks leaks;

	final String traceId;

	final String route;

	final String task;

	final long submitNanos;

	private volatile DefaultRequestContext submitter;

	private volatile int state;

	volatile Thread thread;

	volatile long startNanos;

	/**
	 * When the request ended with this task still queued or running; 0 before.
	 */
	volatile long requestEndedNanos;

	volatile OutlivedTask outlived;

	volatile LeakedTask leaked;

	TrackedTask(TaskLeaks leaks, DefaultRequestContext submitter, Runnable task) {
		this.leaks = leaks;
		this.submitter = submitter;
		this.traceId = submitter.traceId();
		this.route = submitter.route();
		this.task = task.getClass().getName();
		this.submitNanos = System.nanoTime();
	}

	int state() {
		return this.state;
	}

	@Override
	public void started() {
		if (STATE.compareAndSet(this, QUEUED, RUNNING)) {
			this.thread = Thread.currentThread();
			this.startNanos = System.nanoTime();
		}
	}

	@Override
	public void ended() {
		if (!STATE.compareAndSet(this, RUNNING, DONE)) {
			return;
		}
		this.thread = null;
		DefaultRequestContext context = this.submitter;
		this.submitter = null;
		if (context != null) {
			context.detach(this);
		}
		OutlivedTask outlived = this.outlived;
		if (outlived != null) {
			outlived.done = true;
		}
		this.leaks.ended(this);
	}

	@Override
	protected void requestEnded(DefaultRequestContext context) {
		long now = System.nanoTime();
		this.requestEndedNanos = (now != 0) ? now : 1;
		this.submitter = null;
		this.leaks.outlived(this);
	}

}
