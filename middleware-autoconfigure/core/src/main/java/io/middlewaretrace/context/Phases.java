package io.middlewaretrace.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounded, thread-safe list of {@link Phase phases} of one request: what it waited on, in
 * the order it started, from any thread working on its behalf. Beyond its capacity further
 * phases are still timed for their callers but only counted.
 *
 * @since 0.1.0
 */
public final class Phases {

	/**
	 * Phases kept per request unless configured otherwise.
	 */
	public static final int DEFAULT_CAPACITY = 64;

	private final int capacity;

	private final List<Phase> phases = new ArrayList<>(4);

	private int dropped;

	Phases(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Starts a phase on the current thread.
	 * @param name the phase name, a low-cardinality word such as {@code jdbc.execute}
	 * @param detail what it works on (never secret values), or {@code null}
	 * @return the phase, to be ended by the caller
	 */
	public Phase start(String name, String detail) {
		return start(name, detail, System.nanoTime());
	}

	Phase start(String name, String detail, long startNanos) {
		Phase phase = new Phase(name, detail, Thread.currentThread().getName(), startNanos);
		synchronized (this.phases) {
			if (this.phases.size() < this.capacity) {
				this.phases.add(phase);
			}
			else {
				this.dropped++;
			}
		}
		return phase;
	}

	/**
	 * Returns a copy of the phases kept, in start order.
	 * @return the phases
	 */
	public List<Phase> list() {
		synchronized (this.phases) {
			return List.copyOf(this.phases);
		}
	}

	/**
	 * Returns how many phases were not kept because the list was full.
	 * @return the number of phases dropped
	 */
	public int dropped() {
		synchronized (this.phases) {
			return this.dropped;
		}
	}

	/**
	 * Returns the phase that was running at {@code nanos} and started last: the one a request
	 * whose deadline passed at that moment was waiting on, even if it has ended since. A phase
	 * that ended up to {@code toleranceNanos} before the moment counts as running: clients round
	 * their own timeouts, set from the remaining budget, to whole milliseconds.
	 * @param nanos the moment, a {@link System#nanoTime()} reading
	 * @param toleranceNanos how early a phase may have ended and still count
	 * @return the phase or {@code null}
	 */
	public Phase runningAt(long nanos, long toleranceNanos) {
		synchronized (this.phases) {
			Phase found = null;
			for (Phase phase : this.phases) {
				boolean open = phase.isOpen();
				long end = phase.endNanos();
				if (phase.startNanos() - nanos <= 0 && (open || end - (nanos - toleranceNanos) >= 0)
						&& (found == null || phase.startNanos() - found.startNanos() >= 0)) {
					found = phase;
				}
			}
			return found;
		}
	}

	/**
	 * Returns the running phase that started last, the one a request that runs out of time now
	 * is waiting on, or {@code null}.
	 * @return the innermost running phase or {@code null}
	 */
	public Phase innermostOpen() {
		synchronized (this.phases) {
			for (int i = this.phases.size() - 1; i >= 0; i--) {
				Phase phase = this.phases.get(i);
				if (phase.isOpen()) {
					return phase;
				}
			}
			return null;
		}
	}

}
