package io.middlewaretrace.deadline;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.Phases;
import io.middlewaretrace.web.RoutePatternInterceptor;

/**
 * Watches one request's deadline: when it passes, marks the request timed out (which cancels
 * the statements and calls registered on it) and, if enabled, interrupts the thread still
 * producing its response, so that a handler blocked in a wait gives the thread back.
 * <p>
 * The interrupt never reaches the container's I/O, where it could break a connection or be
 * swallowed: while the serving thread reads the request body or writes the response through
 * the starter's wrappers ({@link #containerIoStarting()}), an interrupt is held back and
 * delivered when the thread comes back, and one set before is cleared before the thread enters
 * the container. It is never delivered once the response was produced, nor during a statement or
 * an outbound call, which their own deadline actions cancel, and it is cleared before the thread
 * leaves the dispatch, so it never reaches another request.
 * <p>
 * The serving thread and the watchdog meet on two volatile fields: the thread marks
 * {@link #io} before it checks {@link #delivering}, the watchdog marks {@link #delivering}
 * before it checks {@link #io}, so at least one of them sees the other and the container never
 * runs with an interrupt of ours set. Everything else is guarded by the guard's lock, which the
 * thread takes only when the deadline has passed.
 */
final class DeadlineGuard extends DeadlineState {

	/**
	 * Phase blamed when the request timed out before it reached a stage the starter names.
	 */
	static final String FILTERS = "filters";

	private final DeadlineWatchdog watchdog;

	private final boolean interrupt;

	// the serving thread while it is inside the request's dispatch; written by that thread
	private volatile Thread thread;

	// > 0 while the serving thread is inside the container's I/O; written by that thread only
	private volatile int io;

	// the watchdog is deciding on an interrupt (set and cleared under the lock)
	private volatile boolean delivering;

	// an interrupt of ours is set on the serving thread and not cleared yet
	private volatile boolean interrupted;

	// an interrupt is owed to the serving thread for when it comes back from the container
	private volatile boolean pending;

	// guarded by this

	// the response was produced, noted under the lock together with the interrupt it ends
	private boolean producedSeen;

	private boolean finished;

	// an interrupt of ours reached the application: it landed on a sleep or an Object.wait, or
	// was consumed (a wait that threw, code that cleared it) before the thread's next checkpoint
	private boolean interruptObserved;

	private volatile boolean awaitingAsync;

	// the request with its body read under the deadline, or null for a request without a body
	private DeadlineRequest body;

	DeadlineGuard(DefaultRequestContext context, DeadlineWatchdog watchdog, boolean interrupt) {
		super(context);
		this.watchdog = watchdog;
		this.interrupt = interrupt;
	}

	void watch() {
		this.watchdog.watch(this);
	}

	@Override
	public void deadlineShortened(DefaultRequestContext context, Deadline deadline) {
		this.watchdog.rescheduled(this);
	}

	void body(DeadlineRequest body) {
		this.body = body;
	}

	DeadlineRequest body() {
		return this.body;
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
			this.pending = false;
			clear = this.interrupted;
			noteConsumed();
			this.interrupted = false;
		}
		if (clear) {
			Thread.interrupted();
		}
	}

	@Override
	public void containerIoStarting() {
		if (this.thread != Thread.currentThread()) {
			// another thread (a streaming body's writer) is never interrupted
			return;
		}
		this.io = this.io + 1;
		if (this.delivering || this.interrupted) {
			holdBackInterrupt();
		}
	}

	/**
	 * Waits for a delivery in progress to end, then takes an interrupt of ours off the thread
	 * before it enters the container, owing it for when it comes back.
	 */
	private void holdBackInterrupt() {
		boolean clear;
		synchronized (this) {
			clear = this.interrupted;
			if (clear) {
				noteConsumed();
				this.interrupted = false;
				this.pending = true;
			}
		}
		if (clear) {
			Thread.interrupted();
		}
	}

	@Override
	public void containerIoEnded() {
		if (this.thread != Thread.currentThread()) {
			return;
		}
		this.io = this.io - 1;
		if (this.pending && this.io == 0) {
			synchronized (this) {
				if (this.pending && !this.producedSeen && !this.finished) {
					deliver();
				}
				this.pending = false;
			}
		}
	}

	@Override
	public void responseProduced(DefaultRequestContext context) {
		if (!markProduced()) {
			return;
		}
		synchronized (this) {
			if (this.thread == Thread.currentThread()) {
				noteConsumed();
			}
			this.producedSeen = true;
			this.pending = false;
		}
	}

	/**
	 * On the serving thread, under the lock: an interrupt of ours that is no longer set on the
	 * thread was consumed by what the thread did since (a wait that threw, code that cleared it).
	 */
	private void noteConsumed() {
		if (this.interrupted && !Thread.currentThread().isInterrupted()) {
			this.interruptObserved = true;
		}
	}

	/**
	 * Returns whether the starter stopped the production of the response: refused one of its
	 * writes, or interrupted its thread in a way the application saw (the interrupt landed on a
	 * sleep or an {@code Object.wait}, which throw, or was consumed, by a wait that threw or by
	 * code that cleared it, before it was taken back). Any other interrupt still set when it was
	 * taken back changed nothing, even if it ended a park early: the application went on. A
	 * committed response the starter did not stop was completed by the application and is
	 * delivered whole.
	 */
	boolean stoppedProduction() {
		synchronized (this) {
			if (this.interruptObserved) {
				return true;
			}
		}
		return isWriteRefused();
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

	/**
	 * Returns whether what the client gets of the request is still open: its response is not
	 * produced, and its deadline filter has not decided (an error page rendering after the
	 * decision, the container's or the 504's, is the answer, and is left alone).
	 * @param context the request
	 * @return whether the deadline can still change the request's answer
	 */
	static boolean isUndecided(DefaultRequestContext context) {
		DeadlineState state = DeadlineState.of(context);
		DeadlineGuard guard = (state != null) ? state.guard() : null;
		return guard != null && !state.isResponseProduced() && context.deadlineOutcome() == null
				&& !guard.isFinished();
	}

	private synchronized boolean isFinished() {
		return this.finished;
	}

	/**
	 * The serving thread itself found the request's deadline passed before its response was
	 * produced, and stops it: the request is marked timed out now, so that no write commits a
	 * response the deadline filter answers 504.
	 * @param context the request
	 */
	static void expireNow(DefaultRequestContext context) {
		DeadlineState state = DeadlineState.of(context);
		if (state != null && state.guard() != null) {
			state.guard().expireOnExit();
		}
	}

	private void expire(boolean onExit) {
		if (!markTimedOut(blame(onExit))) {
			return;
		}
		synchronized (this) {
			Thread serving = this.thread;
			if (!this.interrupt || serving == null || serving == Thread.currentThread() || this.finished
					|| this.producedSeen || inCancelledPhase(serving)) {
				return;
			}
			this.delivering = true;
			try {
				if (this.io > 0) {
					this.pending = true;
				}
				else {
					deliver();
				}
			}
			finally {
				this.delivering = false;
			}
		}
	}

	// under the lock. An interrupt that lands on Thread.sleep or Object.wait ends it with an
	// InterruptedException: the application saw it, even if it restores the flag (as it should)
	// and returns. Any other wait is judged later, on the serving thread: a park (a lock, say) may
	// end early or not at all and leave the flag set, the application going on as if nothing
	// happened, so only an interrupt consumed before the next checkpoint counts for those.
	private void deliver() {
		Thread serving = this.thread;
		if (isSleepingOrWaiting(serving)) {
			this.interruptObserved = true;
		}
		this.interrupted = true;
		serving.interrupt();
	}

	/**
	 * Whether a thread is inside {@link Thread#sleep} or {@link Object#wait}, the waits an
	 * interrupt always ends by throwing. Reads the thread's stack, only when the deadline passed
	 * and the thread waits.
	 */
	private static boolean isSleepingOrWaiting(Thread thread) {
		Thread.State state = thread.getState();
		if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
			return false;
		}
		StackTraceElement[] stack = thread.getStackTrace();
		// the JDK's own frames come first (sleep0, sleepNanos, wait0, a virtual thread's park)
		for (int i = 0; i < Math.min(stack.length, 12); i++) {
			String type = stack[i].getClassName();
			String method = stack[i].getMethodName();
			if ((type.equals("java.lang.Thread") && method.startsWith("sleep"))
					|| (type.equals("java.lang.Object") && method.startsWith("wait"))) {
				return true;
			}
			if (!type.startsWith("java.") && !type.startsWith("jdk.")) {
				return false;
			}
		}
		return false;
	}

	/**
	 * Whether the serving thread waits in a statement or an outbound call: their own deadline
	 * actions cancel them (an interrupt there would at best be swallowed, and on a virtual thread
	 * blocked in a socket read it closes the connection).
	 */
	private boolean inCancelledPhase(Thread serving) {
		Phases phases = this.context.phasesIfAny();
		Phase open = (phases != null) ? phases.innermostOpen() : null;
		if (open == null || !open.thread().equals(serving.getName())) {
			return false;
		}
		String name = open.name();
		// jdbc.execute and http.* (names owned by the deadline.jdbc and deadline.http packages)
		return name.equals("jdbc.execute") || name.startsWith("http.");
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
