package io.middlewaretrace.deadline;

import io.middlewaretrace.context.DeadlineListener;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.web.RoutePatternInterceptor;

/**
 * Watches one request's deadline: when it passes, marks the request timed out (which cancels
 * the statements and calls registered on it) and, if enabled, interrupts the thread still
 * serving it. An interrupt is only ever delivered while that thread is inside the request's
 * dispatch, and is cleared before the thread leaves it, so it never reaches another request.
 */
final class DeadlineGuard extends WatchedDeadline implements DeadlineListener {

	/**
	 * Phase blamed when the request timed out before it reached a stage the starter names.
	 */
	static final String FILTERS = "filters";

	private final RequestContext context;

	private final DeadlineWatchdog watchdog;

	private final boolean interrupt;

	private Thread thread;

	private boolean interrupted;

	private boolean finished;

	private volatile boolean awaitingAsync;

	DeadlineGuard(RequestContext context, DeadlineWatchdog watchdog, boolean interrupt) {
		this.context = context;
		this.watchdog = watchdog;
		this.interrupt = interrupt;
	}

	void watch() {
		this.watchdog.watch(this);
	}

	@Override
	long deadlineNanos() {
		return this.context.deadline().deadlineNanos();
	}

	@Override
	public void deadlineShortened(RequestContext context, Deadline deadline) {
		this.watchdog.rescheduled(this);
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
	void finish() {
		synchronized (this) {
			this.finished = true;
		}
		this.watchdog.unwatch(this);
	}

	/**
	 * The deadline passed (on the watchdog's thread).
	 */
	@Override
	void deadlinePassed() {
		expire();
	}

	/**
	 * The serving thread found the deadline passed on its way out of the request, before the
	 * watchdog's next tick: the stage it is in now is not the one that ran out.
	 */
	void expireOnExit() {
		expire(true);
	}

	void expire() {
		expire(false);
	}

	private void expire(boolean onExit) {
		if (!this.context.markTimedOut(blame(onExit))) {
			return;
		}
		synchronized (this) {
			if (this.interrupt && this.thread != null && !this.finished) {
				this.interrupted = true;
				this.thread.interrupt();
			}
		}
	}

	private String blame(boolean onExit) {
		String phase = DeadlineBlame.phaseAtDeadline(this.context);
		if (phase != null) {
			return phase;
		}
		if (this.awaitingAsync) {
			return DeadlineAsyncTimeouts.ASYNC_STAGE;
		}
		if (onExit) {
			return (this.context.routePattern() != null) ? RoutePatternInterceptor.HANDLER_STAGE : FILTERS;
		}
		String stage = this.context.currentStage();
		return (stage != null) ? stage : FILTERS;
	}

}
