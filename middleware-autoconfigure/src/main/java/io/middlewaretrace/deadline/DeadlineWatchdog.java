package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.RequestContext;

/**
 * One shared watchdog for every request's deadline: a single daemon thread that, every
 * {@code resolution} while requests are in flight, checks their deadlines and tells the ones
 * that passed. Watching a request links it into a list (no allocation, no timer, no wake-up of
 * the thread), and unwatching unlinks it, so a request that ends in time costs two short
 * critical sections. The thread parks when no request was watched for a second. What it runs
 * when a deadline passes must be short: mark the request, cancel its statement, abort its call,
 * interrupt its thread.
 *
 * @since 0.1.0
 */
public final class DeadlineWatchdog implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DeadlineWatchdog.class);

	private static final long IDLE_NANOS = Duration.ofSeconds(1).toNanos();

	private final long resolutionNanos;

	private final Object lock = new Object();

	private final Thread thread;

	private final List<WatchedDeadline> expired = new ArrayList<>();

	private WatchedDeadline head;

	private int size;

	private volatile boolean parked;

	private volatile boolean closed;

	/**
	 * Creates a watchdog and starts its thread.
	 * @param resolution how often deadlines are checked while requests are in flight: a
	 * deadline is seen to pass at most this late (plus scheduling delay)
	 */
	public DeadlineWatchdog(Duration resolution) {
		this.resolutionNanos = resolution.toNanos();
		if (this.resolutionNanos < Duration.ofMillis(1).toNanos() || this.resolutionNanos > Duration.ofSeconds(1).toNanos()) {
			throw new IllegalArgumentException(
					"The deadline watchdog's resolution must be between 1ms and 1s, but was " + resolution);
		}
		this.thread = new Thread(this::run, "middleware-deadline-watchdog");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Watches the deadline of a request context that no deadline filter guards (a task, a
	 * benchmark, a test): when it passes, the context is marked timed out, blaming
	 * {@code phase}, and its {@link RequestContext#onDeadline(Runnable) deadline actions} run.
	 * @param context a context with a deadline
	 * @param phase the phase to blame
	 * @return closed to stop watching
	 */
	public DeadlineHook watch(RequestContext context, String phase) {
		WatchedDeadline watched = new WatchedDeadline() {

			@Override
			long deadlineNanos() {
				return context.deadline().deadlineNanos();
			}

			@Override
			void deadlinePassed() {
				context.markTimedOut(phase);
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
		boolean wake;
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
			wake = this.parked;
		}
		if (wake) {
			LockSupport.unpark(this.thread);
		}
	}

	void unwatch(WatchedDeadline deadline) {
		synchronized (this.lock) {
			unlink(deadline);
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

	private void run() {
		long lastBusy = System.nanoTime();
		while (!this.closed) {
			long now = System.nanoTime();
			boolean busy = collectExpired(now);
			for (int i = 0; i < this.expired.size(); i++) {
				try {
					this.expired.get(i).deadlinePassed();
				}
				catch (RuntimeException ex) {
					logger.warn("Deadline action failed", ex);
				}
			}
			this.expired.clear();
			if (busy) {
				lastBusy = now;
			}
			else if (now - lastBusy > IDLE_NANOS && parkUntilWatched()) {
				lastBusy = System.nanoTime();
				continue;
			}
			LockSupport.parkNanos(this, this.resolutionNanos);
		}
	}

	/**
	 * Unlinks the deadlines that passed into {@link #expired}; returns whether any deadline is
	 * watched at all.
	 */
	private boolean collectExpired(long now) {
		synchronized (this.lock) {
			WatchedDeadline node = this.head;
			while (node != null) {
				WatchedDeadline next = node.next;
				if (node.deadlineNanos() - now <= 0) {
					unlink(node);
					this.expired.add(node);
				}
				node = next;
			}
			return this.head != null || !this.expired.isEmpty();
		}
	}

	/**
	 * Parks the thread until a deadline is watched (or the watchdog closes); returns whether it
	 * parked.
	 */
	private boolean parkUntilWatched() {
		this.parked = true;
		try {
			synchronized (this.lock) {
				if (this.head != null) {
					return false;
				}
			}
			// a deadline watched from here on sees parked and unparks us: the permit makes this
			// park return at once
			LockSupport.park(this);
			return true;
		}
		finally {
			this.parked = false;
		}
	}

	@Override
	public void close() {
		this.closed = true;
		LockSupport.unpark(this.thread);
	}

}
