package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;

/**
 * One shared watchdog for every request's deadline: a single daemon thread that sleeps until the
 * earliest watched deadline passes, then tells the requests whose deadline passed. Watching a
 * request links it into a list (no allocation, no timer) and wakes the thread only when its
 * deadline is earlier than the one the thread sleeps towards; unwatching unlinks it. A request
 * that ends in time therefore costs two short critical sections, and with every deadline far
 * away (the common case: budgets of seconds, requests of milliseconds) the thread stays asleep
 * instead of ticking. It wakes at most once per {@code resolution}, so a deadline is acted on at
 * most that late (plus scheduling delay), and many deadlines passing together cost one wake-up.
 * What it runs when a deadline passes must be short: mark the request, cancel its statement,
 * abort its call, interrupt its thread.
 * <p>
 * The thread learns of a deadline when it is watched and, when the deadline moves earlier, from
 * {@link #rescheduled(WatchedDeadline)}. A deadline that can move without that notice (see
 * {@link WatchedDeadline#polled()}) is read on every tick, once per {@code resolution}.
 *
 * @since 0.1.0
 */
public final class DeadlineWatchdog implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DeadlineWatchdog.class);

	/**
	 * Stands for "no deadline" in {@link #nextDueNanos} and {@link #wakeAtNanos}: further ahead
	 * of {@link System#nanoTime()} than any deadline (about 36 years), and safe to compare by
	 * difference.
	 */
	private static final long FAR_NANOS = 1L << 60;

	private final long resolutionNanos;

	private final Object lock = new Object();

	private final Thread thread;

	private final List<WatchedDeadline> expired = new ArrayList<>();

	private WatchedDeadline head;

	private int size;

	private int polled;

	// guarded by lock: no watched deadline passes before this (it may be earlier than all of them)
	private long nextDueNanos;

	// when the thread wakes next; written under lock, read by watchers to decide whether to wake it
	private volatile long wakeAtNanos;

	private volatile long scans;

	private volatile boolean closed;

	/**
	 * Creates a watchdog and starts its thread.
	 * @param resolution the shortest time between two checks of the watched deadlines: a
	 * deadline is seen to pass at most this late (plus scheduling delay)
	 */
	public DeadlineWatchdog(Duration resolution) {
		this.resolutionNanos = resolution.toNanos();
		if (this.resolutionNanos < Duration.ofMillis(1).toNanos() || this.resolutionNanos > Duration.ofSeconds(1).toNanos()) {
			throw new IllegalArgumentException(
					"The deadline watchdog's resolution must be between 1ms and 1s, but was " + resolution);
		}
		long now = System.nanoTime();
		this.nextDueNanos = now + FAR_NANOS;
		this.wakeAtNanos = now + FAR_NANOS;
		this.thread = new Thread(this::run, "middleware-deadline-watchdog");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Watches the deadline of a request context that no deadline filter guards (a task, a
	 * benchmark, a test): when it passes, the context is marked timed out, blaming
	 * {@code phase}, and its {@link DefaultRequestContext#onDeadline(Runnable) deadline actions} run.
	 * @param context a context with a deadline
	 * @param phase the phase to blame
	 * @return closed to stop watching
	 */
	public DeadlineHook watch(DefaultRequestContext context, String phase) {
		WatchedDeadline watched = new WatchedDeadline() {

			@Override
			long deadlineNanos() {
				return context.deadline().deadlineNanos();
			}

			@Override
			void deadlinePassed() {
				context.markTimedOut(phase);
			}

			@Override
			boolean polled() {
				// application code may shorten the context's deadline without telling us
				return true;
			}

		};
		watch(watched);
		return () -> unwatch(watched);
	}

	/**
	 * Runs {@code action} on the watchdog's thread once {@code delayNanos} have passed (within
	 * the watchdog's resolution): for the rare follow-up of a deadline action, such as repeating
	 * a cancel the driver ignored. Not for per-request timers.
	 * @param action what to run; must be short
	 * @param delayNanos the delay
	 * @return closed to withdraw the action
	 */
	public DeadlineHook schedule(Runnable action, long delayNanos) {
		long due = System.nanoTime() + Math.max(0, delayNanos);
		WatchedDeadline watched = new WatchedDeadline() {

			@Override
			long deadlineNanos() {
				return due;
			}

			@Override
			void deadlinePassed() {
				action.run();
			}

		};
		watch(watched);
		return () -> unwatch(watched);
	}

	void watch(WatchedDeadline deadline) {
		long due = deadline.deadlineNanos();
		synchronized (this.lock) {
			if (deadline.linked) {
				return;
			}
			deadline.previous = null;
			deadline.next = this.head;
			if (this.head != null) {
				this.head.previous = deadline;
			}
			this.head = deadline;
			deadline.linked = true;
			this.size++;
			if (deadline.polled()) {
				this.polled++;
				due = Math.min(due, System.nanoTime() + this.resolutionNanos);
			}
			if (due - this.nextDueNanos < 0) {
				this.nextDueNanos = due;
			}
		}
		wakeIfEarlier(due);
	}

	void unwatch(WatchedDeadline deadline) {
		synchronized (this.lock) {
			unlink(deadline);
		}
	}

	/**
	 * A watched deadline moved earlier: the thread wakes for it if it sleeps towards a later one.
	 * @param deadline the deadline, watched or not
	 */
	void rescheduled(WatchedDeadline deadline) {
		long due = deadline.deadlineNanos();
		synchronized (this.lock) {
			if (!deadline.linked) {
				return;
			}
			if (due - this.nextDueNanos < 0) {
				this.nextDueNanos = due;
			}
		}
		wakeIfEarlier(due);
	}

	private void wakeIfEarlier(long due) {
		// wakeAtNanos is written under the lock after the thread computed it from the list: a
		// deadline linked before that is in the computation, one linked after compares here
		if (due - this.wakeAtNanos < 0) {
			LockSupport.unpark(this.thread);
		}
	}

	private void unlink(WatchedDeadline deadline) {
		if (!deadline.linked) {
			return;
		}
		if (deadline.previous != null) {
			deadline.previous.next = deadline.next;
		}
		else {
			this.head = deadline.next;
		}
		if (deadline.next != null) {
			deadline.next.previous = deadline.previous;
		}
		deadline.previous = null;
		deadline.next = null;
		deadline.linked = false;
		this.size--;
		if (deadline.polled()) {
			this.polled--;
		}
	}

	/**
	 * Returns the number of requests whose deadline is watched.
	 * @return the number of watched deadlines
	 */
	public int watched() {
		synchronized (this.lock) {
			return this.size;
		}
	}

	/**
	 * Returns how often the thread has checked the watched deadlines so far.
	 */
	long scans() {
		return this.scans;
	}

	private void run() {
		long lastScan = System.nanoTime() - this.resolutionNanos;
		while (!this.closed) {
			long now = System.nanoTime();
			long wakeAt;
			synchronized (this.lock) {
				if (this.nextDueNanos - now <= 0) {
					collectExpired(now);
					lastScan = now;
				}
				// not before the earliest deadline, nor sooner than a resolution after the last
				// check: deadlines passing close together are acted on in one wake-up
				wakeAt = this.nextDueNanos;
				if (wakeAt - (lastScan + this.resolutionNanos) < 0) {
					wakeAt = lastScan + this.resolutionNanos;
				}
				this.wakeAtNanos = wakeAt;
			}
			for (int i = 0; i < this.expired.size(); i++) {
				try {
					this.expired.get(i).deadlinePassed();
				}
				catch (RuntimeException ex) {
					logger.warn("Deadline action failed", ex);
				}
			}
			boolean acted = !this.expired.isEmpty();
			this.expired.clear();
			if (acted) {
				// an action may have watched something new
				continue;
			}
			long sleep = wakeAt - System.nanoTime();
			if (sleep > 0) {
				LockSupport.parkNanos(this, sleep);
			}
		}
	}

	/**
	 * Unlinks the deadlines that passed into {@link #expired} and sets {@link #nextDueNanos} to
	 * the earliest of the others (a tick ahead while a polled deadline is watched).
	 */
	private void collectExpired(long now) {
		this.scans++;
		long next = now + FAR_NANOS;
		WatchedDeadline node = this.head;
		while (node != null) {
			WatchedDeadline following = node.next;
			long due = node.deadlineNanos();
			if (due - now <= 0) {
				unlink(node);
				this.expired.add(node);
			}
			else if (due - next < 0) {
				next = due;
			}
			node = following;
		}
		if (this.polled > 0 && next - (now + this.resolutionNanos) > 0) {
			next = now + this.resolutionNanos;
		}
		this.nextDueNanos = next;
	}

	@Override
	public void close() {
		this.closed = true;
		LockSupport.unpark(this.thread);
	}

}
