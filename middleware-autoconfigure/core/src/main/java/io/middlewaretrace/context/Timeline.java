package io.middlewaretrace.context;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounded, ordered record of the stages one request passed through: every filter, security
 * filter, interceptor callback and the handler, each entered and left, with monotonic
 * timestamps and nesting depth. Once full, further events are counted in {@link #dropped()}
 * rather than kept, so one request can never grow it without limit.
 * <p>
 * Written by the request's own threads, one dispatch at a time (the servlet container orders
 * dispatches), and read once the request completed; it is not meant for concurrent writers.
 *
 * @since 0.1.0
 */
public final class Timeline {

	// a request through a dozen filters and a few interceptors records about 40-60 events
	private static final int INITIAL_SIZE = 64;

	private static final StageType[] TYPES = StageType.values();

	private static final Outcome[] OUTCOMES = Outcome.values();

	private static final byte NO_OUTCOME = -1;

	private final int capacity;

	// parallel arrays, grown on demand: recording an event allocates nothing (no event object);
	// events are materialised only when read
	private String[] stages;

	private long[] nanos;

	private byte[] types;

	private byte[] outcomes;

	private short[] depths;

	private int size;

	private int dropped;

	private int depth;

	Timeline(int capacity) {
		this.capacity = capacity;
		int initial = Math.min(capacity, INITIAL_SIZE);
		this.stages = new String[initial];
		this.nanos = new long[initial];
		this.types = new byte[initial];
		this.outcomes = new byte[initial];
		this.depths = new short[initial];
	}

	/**
	 * Records that a stage was entered, now.
	 * @param stage the stage name (a filter, interceptor or handler name; never a raw path)
	 * @param type what kind of middleware the stage is
	 */
	public void enter(String stage, StageType type) {
		enter(stage, type, System.nanoTime());
	}

	/**
	 * Records that a stage was entered.
	 * @param stage the stage name (a filter, interceptor or handler name; never a raw path)
	 * @param type what kind of middleware the stage is
	 * @param nanos the {@link System#nanoTime()} reading when it was entered
	 */
	public void enter(String stage, StageType type, long nanos) {
		add(stage, type, nanos, this.depth++, NO_OUTCOME);
	}

	/**
	 * Records that a stage was left, now.
	 * @param stage the stage name
	 * @param type what kind of middleware the stage is
	 * @param outcome how the stage ended
	 */
	public void exit(String stage, StageType type, Outcome outcome) {
		exit(stage, type, outcome, System.nanoTime());
	}

	/**
	 * Records that a stage was left.
	 * @param stage the stage name
	 * @param type what kind of middleware the stage is
	 * @param outcome how the stage ended
	 * @param nanos the {@link System#nanoTime()} reading when it was left
	 */
	public void exit(String stage, StageType type, Outcome outcome, long nanos) {
		if (this.depth > 0) {
			this.depth--;
		}
		add(stage, type, nanos, this.depth, (byte) outcome.ordinal());
	}

	private void add(String stage, StageType type, long nanos, int depth, byte outcome) {
		int index = this.size;
		if (index == this.capacity) {
			this.dropped++;
			return;
		}
		if (index == this.stages.length) {
			grow();
		}
		this.stages[index] = stage;
		this.nanos[index] = nanos;
		this.types[index] = (byte) type.ordinal();
		this.outcomes[index] = outcome;
		this.depths[index] = (short) Math.min(depth, Short.MAX_VALUE);
		this.size = index + 1;
	}

	private void grow() {
		int length = Math.min(this.capacity, this.stages.length * 2);
		this.stages = Arrays.copyOf(this.stages, length);
		this.nanos = Arrays.copyOf(this.nanos, length);
		this.types = Arrays.copyOf(this.types, length);
		this.outcomes = Arrays.copyOf(this.outcomes, length);
		this.depths = Arrays.copyOf(this.depths, length);
	}

	/**
	 * Returns the number of recorded events.
	 * @return the number of events
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns one recorded event.
	 * @param index the event's position, from 0
	 * @return the event
	 */
	public StageEvent event(int index) {
		if (index < 0 || index >= this.size) {
			throw new IndexOutOfBoundsException(index);
		}
		byte outcome = this.outcomes[index];
		return new StageEvent(this.stages[index], TYPES[this.types[index]],
				(outcome == NO_OUTCOME) ? StageEvent.Kind.ENTER : StageEvent.Kind.EXIT, this.nanos[index],
				this.depths[index], (outcome == NO_OUTCOME) ? null : OUTCOMES[outcome]);
	}

	/**
	 * Returns the recorded events, in order.
	 * @return a copy of the events
	 */
	public List<StageEvent> events() {
		StageEvent[] events = new StageEvent[this.size];
		for (int i = 0; i < events.length; i++) {
			events[i] = event(i);
		}
		return List.of(events);
	}

	/**
	 * Returns how many events did not fit.
	 * @return the number of dropped events
	 */
	public int dropped() {
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
		EXCEPTION_RESOLUTION,

		/**
		 * Rendering the view the handler returned (resolving it included), named after the
		 * view.
		 */
		VIEW

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


	/**
	 * Returns a completed request's timeline events as stages, made one by one when read (by the
	 * endpoint, rarely), so that keeping a record allocates no per-event objects. The timeline
	 * must no longer be written.
	 * @param startNanos when the request started
	 * @return the stages, a view
	 */
	public List<Stage> stages(long startNanos) {
		Timeline timeline = this;
		return new AbstractList<>() {

			@Override
			public Stage get(int index) {
				StageEvent event = timeline.event(index);
				return new Stage(event.stage(), event.type().name(), event.kind().name(),
						Math.round((event.nanos() - startNanos) / 1_000.0) / 1_000.0, event.depth(),
						(event.outcome() != null) ? event.outcome().name() : null);
			}

			@Override
			public int size() {
				return timeline.size();
			}

		};
	}

	/**
	 * One stage event.
	 *
	 * @param name the stage name (filter or bean name, interceptor callback, handler method)
	 * @param type the kind of middleware ({@code FILTER}, {@code SECURITY_FILTER},
	 * {@code INTERCEPTOR}, {@code HANDLER}, {@code EXCEPTION_RESOLUTION}, {@code VIEW})
	 * @param event {@code ENTER} or {@code EXIT}
	 * @param offsetMs milliseconds since the request started
	 * @param depth nesting depth, 0 outermost
	 * @param outcome how the stage ended ({@code EXIT} events only)
	 */
	public record Stage(String name, String type, String event, double offsetMs, int depth, String outcome) {
	}

}
