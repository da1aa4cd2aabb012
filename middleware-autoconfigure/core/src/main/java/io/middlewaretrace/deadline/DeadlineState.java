package io.middlewaretrace.deadline;

import java.util.ArrayList;
import java.util.List;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DeadlineOwner;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContext;

/**
 * What happens to one request when its deadline passes: the actions registered on it, which
 * phase was blamed and when, when the application produced its whole response, and whether the
 * starter refused a write to stop it. The {@link DeadlineOwner} of the request's context; the
 * deadline filter makes one per request, a {@link DeadlineGuard} that also watches it (one
 * object, so that a request's deadline costs one allocation).
 * <p>
 * Used internally by the starter's deadline packages (the JDBC and HTTP deadline listeners mark
 * a request timed out through it); not intended for application code, which reads the deadline
 * through {@link RequestContext#deadline()}.
 *
 * @since 0.1.0
 */
public sealed class DeadlineState extends WatchedDeadline implements DeadlineOwner permits DeadlineGuard {

	final DefaultRequestContext context;

	// guarded by this
	private List<Runnable> hooks;

	private volatile String timedOutPhase;

	private volatile long timedOutNanos;

	private volatile boolean produced;

	private volatile long producedNanos;

	private volatile boolean writeRefused;

	DeadlineState(DefaultRequestContext context) {
		this.context = context;
	}

	/**
	 * Starts a deadline on a context that no deadline filter guards (a task, a benchmark, a
	 * test): it times out only when {@link #markTimedOut(String)} is called, by a
	 * {@link DeadlineWatchdog#watch(DeadlineState, String) watchdog} or by the caller.
	 * @param context the request
	 * @param deadline its deadline
	 * @return the request's deadline state
	 */
	public static DeadlineState start(DefaultRequestContext context, Deadline deadline) {
		DeadlineState state = new DeadlineState(context);
		context.startDeadline(deadline, state);
		return state;
	}

	/**
	 * Returns the deadline state of a request, or {@code null} if its deadline was not started
	 * by the starter.
	 * @param context the request
	 * @return its state or {@code null}
	 */
	public static DeadlineState of(DefaultRequestContext context) {
		return (context.deadlineOwner() instanceof DeadlineState state) ? state : null;
	}

	/**
	 * Marks a request timed out, if its deadline was started by the starter.
	 * @param context the request
	 * @param phase the phase blamed for the timeout
	 * @return whether this call marked the request
	 * @see #markTimedOut(String)
	 */
	public static boolean markTimedOut(DefaultRequestContext context, String phase) {
		DeadlineState state = of(context);
		return state != null && state.markTimedOut(phase);
	}

	/**
	 * Returns whether a request ran out of its deadline.
	 * @param context the request
	 * @return whether it timed out
	 */
	public static boolean isTimedOut(DefaultRequestContext context) {
		DeadlineState state = of(context);
		return state != null && state.isTimedOut();
	}

	DefaultRequestContext context() {
		return this.context;
	}

	/**
	 * Returns the guard watching this deadline, or {@code null} for a deadline nobody guards.
	 */
	DeadlineGuard guard() {
		return (this instanceof DeadlineGuard guard) ? guard : null;
	}

	@Override
	long deadlineNanos() {
		return this.context.deadline().deadlineNanos();
	}

	@Override
	void deadlinePassed() {
		// an unguarded deadline is watched, if at all, through DeadlineWatchdog#watch
	}

	@Override
	public void deadlineShortened(DefaultRequestContext context, Deadline deadline) {
	}

	@Override
	public DeadlineHook onDeadline(Runnable action) {
		synchronized (this) {
			if (this.timedOutPhase == null) {
				if (this.hooks == null) {
					this.hooks = new ArrayList<>(2);
				}
				this.hooks.add(action);
				return () -> removeHook(action);
			}
		}
		action.run();
		return DeadlineHook.NONE;
	}

	private synchronized void removeHook(Runnable action) {
		if (this.hooks != null) {
			this.hooks.remove(action);
		}
	}

	/**
	 * Marks the request as timed out, blaming the phase that was running, and runs the actions
	 * registered with {@link RequestContext#onDeadline(Runnable)}. Only the first call does
	 * anything.
	 * @param phase the phase blamed for the timeout
	 * @return whether this call marked the request
	 */
	public boolean markTimedOut(String phase) {
		List<Runnable> due;
		synchronized (this) {
			if (this.timedOutPhase != null) {
				return false;
			}
			this.timedOutNanos = System.nanoTime();
			this.timedOutPhase = phase;
			due = this.hooks;
			this.hooks = null;
		}
		if (due != null) {
			for (Runnable hook : due) {
				try {
					hook.run();
				}
				catch (RuntimeException ex) {
					// a failed cancellation leaves the work to its own timeout
				}
			}
		}
		return true;
	}

	/**
	 * Returns whether the request ran out of its deadline.
	 * @return whether the request timed out
	 */
	public boolean isTimedOut() {
		return this.timedOutPhase != null;
	}

	/**
	 * Returns the phase blamed for the timeout, or {@code null} if the request did not time out.
	 * @return the blamed phase or {@code null}
	 */
	public String timedOutPhase() {
		return this.timedOutPhase;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading when the request was marked timed out.
	 * @return when the request timed out, 0 if it did not
	 */
	long timedOutNanos() {
		return this.timedOutNanos;
	}

	@Override
	public void responseProduced(DefaultRequestContext context) {
		markProduced();
	}

	/**
	 * Notes that the response was produced; only the first call counts.
	 * @return whether this call noted it
	 */
	final boolean markProduced() {
		if (this.produced) {
			return false;
		}
		this.producedNanos = System.nanoTime();
		this.produced = true;
		return true;
	}

	/**
	 * Returns whether the application produced the whole response.
	 * @return whether {@link DefaultRequestContext#responseProduced()} was called
	 */
	boolean isResponseProduced() {
		return this.produced;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading when the response was produced.
	 * @return when the response was produced, 0 if it was not
	 */
	long producedNanos() {
		return this.producedNanos;
	}

	/**
	 * Refuses writes while the request is timed out, its response not produced, and the
	 * deadline filter has not yet decided what the client gets instead (its own 504 is written
	 * after that, and passes).
	 */
	@Override
	public String refuseWrite() {
		String phase = this.timedOutPhase;
		if (phase == null || this.produced || this.context.deadlineOutcome() != null) {
			return null;
		}
		this.writeRefused = true;
		return phase;
	}

	/**
	 * Returns whether the starter refused a write to the response.
	 * @return whether a write was refused
	 */
	boolean isWriteRefused() {
		return this.writeRefused;
	}

}
