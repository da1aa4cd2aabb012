package io.middlewaretrace.context;

/**
 * One timed piece of work done on a request's behalf that spends from its deadline: acquiring
 * a database connection, running a statement, an outbound HTTP call or one of its phases, an
 * asynchronous task. Started with {@link Phases#start(String, String)}, ended with
 * {@link #end(String)}; holds names and numbers only.
 *
 * @since 0.1.0
 */
public final class Phase implements AutoCloseable {

	/**
	 * Outcome of a phase that ended normally.
	 */
	public static final String OK = "ok";

	/**
	 * Outcome of a phase that failed.
	 */
	public static final String FAILED = "failed";

	/**
	 * Outcome of a phase cut short because the deadline passed.
	 */
	public static final String DEADLINE = "deadline";

	private final String name;

	private final String detail;

	private final String thread;

	private final long startNanos;

	private volatile long endNanos = -1;

	// null while the phase runs; written after endNanos, so a reader that sees it sees the end. A
	// negative end is a valid System.nanoTime() reading, so the end cannot mark the phase ended.
	private volatile String outcome;

	Phase(String name, String detail, String thread, long startNanos) {
		this.name = name;
		this.detail = detail;
		this.thread = thread;
		this.startNanos = startNanos;
	}

	/**
	 * Ends the phase with the given outcome; later calls do nothing.
	 * @param outcome {@link #OK}, {@link #FAILED}, {@link #DEADLINE} or a short word of the
	 * caller's
	 */
	public void end(String outcome) {
		end(outcome, System.nanoTime());
	}

	void end(String outcome, long nanos) {
		if (this.outcome == null) {
			this.endNanos = nanos;
			this.outcome = (outcome != null) ? outcome : OK;
		}
	}

	/**
	 * Ends the phase as {@link #OK} unless it already ended.
	 */
	@Override
	public void close() {
		end(OK);
	}

	/**
	 * Returns the phase's name, for example {@code jdbc.execute}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns what the phase worked on (SQL without parameter values, a method and URI without
	 * query), or {@code null}.
	 * @return the detail or {@code null}
	 */
	public String detail() {
		return this.detail;
	}

	/**
	 * Returns the name of the thread that started the phase.
	 * @return the thread name
	 */
	public String thread() {
		return this.thread;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading at the start.
	 * @return the start
	 */
	public long startNanos() {
		return this.startNanos;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading at the end, meaningful once the phase ended
	 * ({@link #isOpen()} is {@code false}; the reading may be negative), -1 while it runs.
	 * @return the end, or -1 while the phase runs
	 */
	public long endNanos() {
		return (this.outcome != null) ? this.endNanos : -1;
	}

	/**
	 * Returns whether the phase is still running.
	 * @return whether the phase has not ended
	 */
	public boolean isOpen() {
		return this.outcome == null;
	}

	/**
	 * Returns how the phase ended, or {@code null} while it runs.
	 * @return the outcome or {@code null}
	 */
	public String outcome() {
		return this.outcome;
	}

}
