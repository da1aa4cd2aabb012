package io.middlewaretrace.deadline;

import java.util.concurrent.Future;

import io.middlewaretrace.context.DeadlineListener;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.Phases;
import io.middlewaretrace.context.RequestContext;

/**
 * Watches one request's deadline: when it passes, marks the request timed out (which cancels
 * the statements and calls registered on it) and, if enabled, interrupts the thread still
 * serving it. An interrupt is only ever delivered while that thread is inside the request's
 * dispatch, and is cleared before the thread leaves it, so it never reaches another request.
 */
final class DeadlineGuard implements DeadlineListener, Runnable {

	/**
	 * Phase blamed when the request timed out before it reached a stage the starter names.
	 */
	static final String FILTERS = "filters";

	private final RequestContext context;

	private final DeadlineWatchdog watchdog;

	private final boolean interrupt;

	private Future<?> timer;

	private Thread thread;

	private boolean interrupted;

	private boolean finished;

	private volatile boolean awaitingAsync;

	DeadlineGuard(RequestContext context, DeadlineWatchdog watchdog, boolean interrupt) {
		this.context = context;
		this.watchdog = watchdog;
		this.interrupt = interrupt;
	}

	synchronized void watch(Deadline deadline) {
		if (this.finished) {
			return;
		}
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		this.timer = this.watchdog.schedule(this, deadline.remainingNanos());
	}

	@Override
	public void deadlineShortened(RequestContext context, Deadline deadline) {
		watch(deadline);
	}

	synchronized void enter(Thread thread) {
		this.thread = thread;
		this.awaitingAsync = false;
	}

	/**
	 * The request's thread left it waiting for an async result: a timeout now is the wait's.
	 */
	void awaitAsyncResult() {
		this.awaitingAsync = true;
	}

	/**
	 * The serving thread leaves the dispatch: no interrupt can reach it from here on, and one
	 * delivered before is cleared.
	 */
	void leave() {
		boolean clear;
		synchronized (this) {
			this.thread = null;
			clear = this.interrupted;
			this.interrupted = false;
		}
		if (clear) {
			Thread.interrupted();
		}
	}

	/**
	 * The request is answered: its deadline no longer matters.
	 */
	synchronized void finish() {
		this.finished = true;
		if (this.timer != null) {
			this.timer.cancel(false);
			this.timer = null;
		}
	}

	/**
	 * The deadline passed (on the watchdog's thread), or the serving thread found it passed.
	 */
	@Override
	public void run() {
		expire();
	}

	void expire() {
		if (!this.context.markTimedOut(blame())) {
			return;
		}
		synchronized (this) {
			if (this.interrupt && this.thread != null && !this.finished) {
				this.interrupted = true;
				this.thread.interrupt();
			}
		}
	}

	private String blame() {
		Phases phases = this.context.phasesIfAny();
		Phase open = (phases != null) ? phases.innermostOpen() : null;
		if (open != null) {
			return open.name();
		}
		if (this.awaitingAsync) {
			return DeadlineAsyncTimeouts.ASYNC_STAGE;
		}
		String stage = this.context.currentStage();
		return (stage != null) ? stage : FILTERS;
	}

}
