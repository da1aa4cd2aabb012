package io.middlewaretrace.context;

import java.util.Arrays;
import java.util.List;

/**
 * Bounded, ordered record of the stages one request passed through. Once full, further events
 * are counted in {@link #dropped()} rather than kept, so one request can never grow it without
 * limit.
 *
 * @since 0.1.0
 */
public final class Timeline {

	private static final int INITIAL_SIZE = 8;

	private final int capacity;

	// grown on demand: most requests record a handful of events, far below the capacity
	private StageEvent[] events;

	private int size;

	private int dropped;

	Timeline(int capacity) {
		this.capacity = capacity;
		this.events = new StageEvent[Math.min(capacity, INITIAL_SIZE)];
	}

	/**
	 * Records that a stage was entered.
	 * @param stage the stage name (a filter, interceptor or handler name; never a raw path)
	 */
	public void enter(String stage) {
		add(new StageEvent(stage, StageEvent.Kind.ENTER, System.nanoTime()));
	}

	/**
	 * Records that a stage was left.
	 * @param stage the stage name
	 */
	public void exit(String stage) {
		add(new StageEvent(stage, StageEvent.Kind.EXIT, System.nanoTime()));
	}

	private synchronized void add(StageEvent event) {
		if (this.size == this.capacity) {
			this.dropped++;
			return;
		}
		if (this.size == this.events.length) {
			this.events = Arrays.copyOf(this.events, Math.min(this.capacity, this.events.length * 2));
		}
		this.events[this.size++] = event;
	}

	/**
	 * Returns the recorded events, in order.
	 * @return a copy of the events
	 */
	public synchronized List<StageEvent> events() {
		return List.of(Arrays.copyOf(this.events, this.size));
	}

	/**
	 * Returns how many events did not fit.
	 * @return the number of dropped events
	 */
	public synchronized int dropped() {
		return this.dropped;
	}

	/**
	 * One entry of a {@link Timeline}.
	 *
	 * @param stage the stage name
	 * @param kind whether the stage was entered or left
	 * @param nanos the {@link System#nanoTime()} reading
	 * @since 0.1.0
	 */
	public record StageEvent(String stage, Kind kind, long nanos) {

		/**
		 * Whether a stage was entered or left.
		 */
		public enum Kind {

			/**
			 * The stage began.
			 */
			ENTER,

			/**
			 * The stage ended.
			 */
			EXIT

		}

	}

}
