package io.middlewaretrace.context;

import java.time.Duration;

/**
 * The moment by which a request must be answered, on the monotonic clock
 * ({@link System#nanoTime()}), with the budget it started from and where that budget came
 * from. Immutable: a request's deadline can be replaced by an earlier one
 * ({@link DefaultRequestContext#shortenDeadline(Duration)}), never extended, as with gRPC deadlines.
 * <p>
 * Code running on a request's behalf reads the remaining budget from its request's context:
 * <pre class="code">
 * RequestContext.current().map(RequestContext::deadline)
 *     .ifPresent((deadline) -&gt; client.timeout(deadline.remaining()));
 * </pre>
 * A deadline is a value: it knows nothing of requests, and it reads time from a
 * {@link Ticker}, so that tests can hold it at any distance from passing.
 * <p>
 * Less than a millisecond left is no time at all ({@link #usableNanos(long)}): work refused for
 * that reason fails its request as out of time, even in the instant before {@link #isExpired()}
 * turns true.
 *
 * @since 0.1.0
 */
public final class Deadline {

	/**
	 * Least budget work can be given: every bound the remaining budget becomes further on (the
	 * outbound timeout header, a pool's wait, a socket's or a driver's timeout) counts whole
	 * milliseconds, and less than one rounds to nothing.
	 */
	private static final long MIN_USABLE_NANOS = 1_000_000L;

	private final Ticker ticker;

	private final long deadlineNanos;

	private final long budgetNanos;

	private final String source;

	private Deadline(Ticker ticker, long deadlineNanos, long budgetNanos, String source) {
		this.ticker = ticker;
		this.deadlineNanos = deadlineNanos;
		this.budgetNanos = budgetNanos;
		this.source = source;
	}

	/**
	 * Returns a deadline that passes {@code budget} after {@code startNanos}.
	 * @param startNanos the {@link System#nanoTime()} reading the budget counts from
	 * @param budget the budget, positive
	 * @param source where the budget came from, for diagnostics (for example {@code default},
	 * {@code route /api/reports/**} or {@code header X-Request-Timeout-Ms})
	 * @return the deadline
	 */
	public static Deadline of(long startNanos, Duration budget, String source) {
		return ofNanos(startNanos, saturatedNanos(budget), source);
	}

	/**
	 * Returns a deadline that passes {@code budget} from now.
	 * @param budget the budget, positive
	 * @return the deadline
	 */
	public static Deadline after(Duration budget) {
		return of(System.nanoTime(), budget, "code");
	}

	/**
	 * Returns a deadline that passes {@code budgetNanos} after {@code startNanos}, on the system
	 * clock.
	 * @param startNanos the {@link System#nanoTime()} reading the budget counts from
	 * @param budgetNanos the budget in nanoseconds, positive
	 * @param source where the budget came from
	 * @return the deadline
	 */
	public static Deadline ofNanos(long startNanos, long budgetNanos, String source) {
		return ofNanos(startNanos, budgetNanos, source, Ticker.SYSTEM);
	}

	/**
	 * Returns a deadline on another clock than {@link System#nanoTime()}: a test's, which can
	 * hold a deadline still at any distance from passing. Deadlines on different clocks do not
	 * compare, and the watchdog reads {@link #deadlineNanos()} on the system clock.
	 * @param startNanos the ticker's reading the budget counts from
	 * @param budgetNanos the budget in nanoseconds, positive
	 * @param source where the budget came from
	 * @param ticker the clock the deadline reads
	 * @return the deadline
	 */
	public static Deadline ofNanos(long startNanos, long budgetNanos, String source, Ticker ticker) {
		if (budgetNanos <= 0) {
			throw new IllegalArgumentException("A deadline's budget must be positive, but was " + budgetNanos + "ns");
		}
		return new Deadline(ticker, startNanos + budgetNanos, budgetNanos, source);
	}

	/**
	 * Returns the budget left, zero once the deadline passed.
	 * @return the remaining budget, never negative
	 */
	public Duration remaining() {
		return Duration.ofNanos(remainingNanos());
	}

	/**
	 * Returns the budget left in nanoseconds, zero once the deadline passed.
	 * @return the remaining nanoseconds, never negative
	 */
	public long remainingNanos() {
		long remaining = this.deadlineNanos - this.ticker.nanoTime();
		return (remaining > 0) ? remaining : 0;
	}

	/**
	 * Returns the budget left in whole milliseconds, rounded down: a caller that passes this on
	 * never promises more than it has. Zero once less than a millisecond is left.
	 * @return the remaining milliseconds, never negative
	 */
	public long remainingMillis() {
		return remainingNanos() / 1_000_000L;
	}

	/**
	 * Returns the budget left for work that keeps {@code reserveNanos} of it back (for its answer
	 * to travel back, say), or zero when that leaves no time: less than a millisecond, which no
	 * timeout further on can express. The one test of "no time left" for everything that bounds
	 * work by the deadline: work that gets zero is not started, and its refusal marks the request
	 * timed out (by the {@link DeadlineOwner} of its request), so that the request is answered
	 * as out of time although {@link #isExpired()} may stay false for up to a millisecond more
	 * (plus the reserve).
	 * @param reserveNanos time to keep back, zero or more
	 * @return the usable nanoseconds, at least a millisecond, or zero
	 */
	public long usableNanos(long reserveNanos) {
		long usable = remainingNanos() - reserveNanos;
		return (usable >= MIN_USABLE_NANOS) ? usable : 0;
	}

	/**
	 * Returns whether the deadline has passed. Work is refused a little earlier, once less than
	 * a millisecond is left ({@link #usableNanos(long)}).
	 * @return whether the deadline passed
	 */
	public boolean isExpired() {
		return this.deadlineNanos - this.ticker.nanoTime() <= 0;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading at which the deadline passes.
	 * @return the deadline on the monotonic clock
	 */
	public long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * Returns the budget the deadline was set with.
	 * @return the budget
	 */
	public Duration budget() {
		return Duration.ofNanos(this.budgetNanos);
	}

	/**
	 * Returns where the budget came from ({@code default}, {@code route <pattern>},
	 * {@code header <name>} or {@code code}).
	 * @return the budget's source
	 */
	public String source() {
		return this.source;
	}

	/**
	 * Returns whichever of this deadline and {@code other} passes first.
	 * @param other another deadline, or {@code null}
	 * @return the earlier deadline
	 */
	public Deadline earliest(Deadline other) {
		if (other == null || this.deadlineNanos - other.deadlineNanos <= 0) {
			return this;
		}
		return other;
	}

	/**
	 * Returns a duration in nanoseconds, saturated instead of overflowing: a budget too large
	 * for a {@code long} is a very long budget, not an error.
	 * @param duration the duration
	 * @return its nanoseconds, saturated
	 */
	public static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 4;
		}
	}

	@Override
	public String toString() {
		return "Deadline[budget=" + (this.budgetNanos / 1_000_000L) + "ms, remaining=" + remainingMillis()
				+ "ms, source=" + this.source + "]";
	}

}
