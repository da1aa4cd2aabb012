package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Ticker;

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
 * <p>
 * Time comes from a {@link Ticker}, {@link Ticker#SYSTEM} unless a test gives another, and what
 * the thread does on one wake-up is {@link #tick()}: a test drives a watchdog without a thread on
 * a clock it moves, as gRPC's {@code DeadlineTest} does, instead of sleeping and hoping the thread
 * kept up.
 *
 * @since 0.1.0
 */
public final class DeadlineWatchdog implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DeadlineWatchdog.class);

	/**
	 * Stands for "no deadline" in {@link #nextDueNanos} and {@link #wakeAtNanos}: further ahead
	 * of the ticker's reading than any deadline (about 36 years), and safe to compare by
	 * difference.
	 */
	private static final long FAR_NANOS = 1L << 60;

	private final long resolutionNanos;

	// final, and Ticker.SYSTEM in production: the call on the hot path inlines to System.nanoTime()
	private final Ticker ticker;

	private final Object lock = new Object();

	// null when a test drives the watchdog with tick(): unparking null does nothing
	private final Thread thread;

	private final List<WatchedDeadline> expired = new ArrayList<>();

	private WatchedDeadline head;

	private int size;

	private int polled;

	// guarded by lock: no watched deadline passes before this (it may be earlier than all of them)
	private long nextDueNanos;

	// guarded by lock: when the watched deadlines were last checked
	private long lastScanNanos;

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
		this(resolution, Ticker.SYSTEM, DeadlineWatchdog::daemonThread);
	}

	/**
	 * Creates a watchdog on {@code ticker}, with a thread from {@code threads} or none. Without a
	 * thread, nothing happens until the caller calls {@link #tick()}: a test moves its ticker and
	 * ticks where the thread would have woken, so that what fires, and when on the ticker, does
	 * not depend on how the machine schedules threads. A thread parks for differences of the
	 * ticker's readings, so give one only a ticker that moves with real time.
	 * @param resolution the shortest time between two checks of the watched deadlines
	 * @param ticker the clock deadlines are read on
	 * @param threads makes the (started) thread, or {@code null} for none
	 */
	DeadlineWatchdog(Duration resolution, Ticker ticker, ThreadFactory threads) {
		this.resolutionNanos = resolution.toNanos();
		if (this.resolutionNanos < Duration.ofMillis(1).toNanos() || this.resolutionNanos > Duration.ofSeconds(1).toNanos()) {
			throw new IllegalArgumentException(
					"The deadline watchdog's resolution must be between 1ms and 1s, but was " + resolution);
		}
		this.ticker = ticker;
		long now = ticker.nanoTime();
		this.nextDueNanos = now + FAR_NANOS;
		this.wakeAtNanos = now + FAR_NANOS;
		// the first check is not held back by the resolution
		this.lastScanNanos = now - this.resolutionNanos;
		this.thread = (threads != null) ? threads.newThread(this::run) : null;
		if (this.thread != null) {
			this.thread.start();
		}
	}

	private static Thread daemonThread(Runnable run) {
		Thread thread = new Thread(run, "middleware-deadline-watchdog");
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Watches a deadline that no deadline filter guards (a task, a benchmark, a test): when it
	 * passes, the request is marked timed out, blaming {@code phase}, and its
	 * {@link DeadlineState#onDeadline(Runnable) deadline actions} run.
	 * @param state the deadline state of a request, from {@link DeadlineState#start}
	 * @param phase the phase to blame
	 * @return closed to stop watching
	 */
	public DeadlineHook watch(DeadlineState state, String phase) {
		DefaultRequestContext context = state.context();
		WatchedDeadline watched = new WatchedDeadline() {

			@Override
			long deadlineNanos() {
				return context.deadline().deadlineNanos();
			}

			@Override
			void deadlinePassed() {
				state.markTimedOut(phase);
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
		long due = this.ticker.nanoTime() + Math.max(0, delayNanos);
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
				// by difference, not Math.min: readings may wrap past Long.MAX_VALUE
				long nextTick = this.ticker.nanoTime() + this.resolutionNanos;
				if (nextTick - due < 0) {
					due = nextTick;
				}
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
		while (!this.closed) {
			long sleep = tick() - this.ticker.nanoTime();
			if (sleep > 0) {
				LockSupport.parkNanos(this, sleep);
			}
		}
	}

	/**
	 * Does what the thread does each time it wakes, at the ticker's reading: if a watched deadline
	 * may have passed, checks them all, unwatches those that passed and runs their actions (one
	 * that throws is logged, and the others still run). One caller at a time: the thread, or a
	 * test whose watchdog has none. Does nothing once {@link #close() closed}.
	 * @return the ticker's reading at which the thread wakes next, unless a watch or a deadline
	 * moved earlier wakes it sooner: the reading taken on entry if actions ran, since they may
	 * have watched something
	 */
	long tick() {
		long now = this.ticker.nanoTime();
		if (this.closed) {
			// the thread's loop sees it at once and ends
			return now;
		}
		long wakeAt;
		synchronized (this.lock) {
			if (this.nextDueNanos - now <= 0) {
				collectExpired(now);
				this.lastScanNanos = now;
			}
			// not before the earliest deadline, nor sooner than a resolution after the last
			// check: deadlines passing close together are acted on in one wake-up
			wakeAt = this.nextDueNanos;
			if (wakeAt - (this.lastScanNanos + this.resolutionNanos) < 0) {
				wakeAt = this.lastScanNanos + this.resolutionNanos;
			}
			this.wakeAtNanos = wakeAt;
		}
		if (this.expired.isEmpty()) {
			return wakeAt;
		}
		for (int i = 0; i < this.expired.size(); i++) {
			try {
				this.expired.get(i).deadlinePassed();
			}
			catch (RuntimeException ex) {
				logger.warn("Deadline action failed", ex);
			}
		}
		this.expired.clear();
		return now;
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
