package io.middlewaretrace.context;

/**
 * The monotonic clock a {@link Deadline} reads. The system's is {@link System#nanoTime()}; a
 * test supplies its own to hold a deadline at any distance from passing without sleeping, as
 * gRPC's {@code Deadline.Ticker} does.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * The system's monotonic clock.
	 */
	Ticker SYSTEM = System::nanoTime;

	/**
	 * Returns the current reading, in nanoseconds, of a clock that only moves forward.
	 * @return the reading
	 */
	long nanoTime();

}
