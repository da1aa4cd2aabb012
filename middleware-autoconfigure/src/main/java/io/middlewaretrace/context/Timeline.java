package io.middlewaretrace.context;

import java.util.Arrays;
import java.util.List;

/**
 * Bounded, ordered record of the stages one request passed through: every filter, security
 * filter, interceptor callback and the handler, each entered and left, with monotonic
 * timestamps and nesting depth. Once full, further events are counted in {@link #dropped()}
 * rather than kept, so one request can never grow it without limit.
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

	private int depth;

	Timeline(int capacity) {
		this.capacity = capacity;
		this.events = new StageEvent[Math.min(capacity, INITIAL_SIZE)];
	}

	/**
	 * Records that a stage was entered.
	 * @param stage the stage name (a filter, interceptor or handler name; never a raw path)
	 * @param type what kind of middleware the stage is
	 */
	public synchronized void enter(String stage, StageType type) {
		add(new StageEvent(stage, type, StageEvent.Kind.ENTER, System.nanoTime(), this.depth++, null));
	}

	/**
	 * Records that a stage was left.
	 * @param stage the stage name
	 * @param type what kind of middleware the stage is
	 * @param outcome how the stage ended
	 */
	public synchronized void exit(String stage, StageType type, Outcome outcome) {
		if (this.depth > 0) {
			this.depth--;
		}
		add(new StageEvent(stage, type, StageEvent.Kind.EXIT, System.nanoTime(), this.depth, outcome));
	}

	private void add(StageEvent event) {
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
	 * What kind of middleware a stage is.
	 */
	public enum StageType {

		/**
		 * A servlet filter.
		 */
		FILTER,

		/**
		 * A filter of a Spring Security filter chain.
		 */
		SECURITY_FILTER,

		/**
		 * A {@code HandlerInterceptor} callback.
		 */
		INTERCEPTOR,

		/**
		 * The handler (controller method) itself.
		 */
		HANDLER,

		/**
		 * Spring MVC's exception resolution after a handler threw.
		 */
		EXCEPTION_RESOLUTION

	}

	/**
	 * How a stage ended.
	 */
	public enum Outcome {

		/**
		 * Passed the request on: a filter called the chain, {@code preHandle} returned
		 * {@code true}.
		 */
		CONTINUED,

		/**
		 * Answered or ended the request itself: a filter returned without calling the chain,
		 * {@code preHandle} returned {@code false}.
		 */
		SHORT_CIRCUITED,

		/**
		 * Threw an exception.
		 */
		THREW,

		/**
		 * Ran to its end (stages that have nothing to pass on: the handler, {@code postHandle},
		 * {@code afterCompletion}).
		 */
		COMPLETED,

		/**
		 * Started asynchronous processing; the request continues in a later dispatch.
		 */
		ASYNC_STARTED

	}

	/**
	 * One entry of a {@link Timeline}.
	 *
	 * @param stage the stage name
	 * @param type what kind of middleware the stage is
	 * @param kind whether the stage was entered or left
	 * @param nanos the {@link System#nanoTime()} reading
	 * @param depth the nesting depth (0 for the outermost stage)
	 * @param outcome how the stage ended, {@code null} for an {@link Kind#ENTER} event
	 * @since 0.1.0
	 */
	public record StageEvent(String stage, StageType type, Kind kind, long nanos, int depth, Outcome outcome) {

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
