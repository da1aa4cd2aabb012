package io.middlewaretrace.leak;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one periodic sweep of all leak sources: a single daemon thread that calls
 * {@link LeakSource#sweep(long)} on each source every interval. No timer per borrowed
 * connection or task: a sweep walks what is held, which the sources keep in their own bounded
 * structures.
 *
 * @since 0.1.0
 */
public class LeakSweeper implements AutoCloseable {

	/**
	 * Name of the sweeper's thread.
	 */
	public static final String THREAD_NAME = "middleware-leak-sweeper";

	private static final Log logger = LogFactory.getLog(LeakSweeper.class);

	private final List<LeakSource> sources;

	private final long intervalNanos;

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Creates the sweeper and starts its thread, unless there is nothing to sweep.
	 * @param interval time between sweeps, at least 10 ms
	 * @param sources the sources to sweep
	 */
	public LeakSweeper(Duration interval, List<LeakSource> sources) {
		if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0) {
			throw new IllegalArgumentException("Sweep interval must be at least 10ms, but was " + interval);
		}
		this.intervalNanos = interval.toNanos();
		this.sources = List.copyOf(sources);
		this.thread = new Thread(this::run, THREAD_NAME);
		this.thread.setDaemon(true);
		if (!this.sources.isEmpty()) {
			this.thread.start();
		}
	}

	/**
	 * Sweeps all sources now, on the caller's thread (also what each tick does).
	 */
	public void sweepNow() {
		long now = System.nanoTime();
		for (LeakSource source : this.sources) {
			try {
				source.sweep(now);
			}
			catch (RuntimeException ex) {
				logger.warn("Leak sweep of " + source.name() + " failed", ex);
			}
		}
	}

	private void run() {
		long next = System.nanoTime() + this.intervalNanos;
		while (!this.closed) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(this, wait);
				continue;
			}
			sweepNow();
			next += this.intervalNanos;
			long now = System.nanoTime();
			if (next - now < 0) {
				// a slow sweep or a suspended machine: no burst of catch-up sweeps
				next = now + this.intervalNanos;
			}
		}
	}

	boolean isRunning() {
		return this.thread.isAlive();
	}

	/**
	 * Stops the sweeper's thread.
	 */
	@Override
	public void close() {
		this.closed = true;
		LockSupport.unpark(this.thread);
	}

}
