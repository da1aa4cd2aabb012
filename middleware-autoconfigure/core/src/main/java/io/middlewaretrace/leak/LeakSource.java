package io.middlewaretrace.leak;

import java.util.Map;

/**
 * One kind of leak the starter watches (connections, tasks, MDC, threads): what it contributes
 * to the {@code leaks} endpoint, to the health contributor and to the periodic sweep.
 * Implementations keep ids and strings, never live connections or threads, in what they
 * describe, and bound everything they keep.
 *
 * @since 0.1.0
 */
public interface LeakSource {

	/**
	 * Returns the section name in the {@code leaks} endpoint, for example {@code connections}.
	 * @return the section name
	 */
	String name();

	/**
	 * Describes the current state and the recent leaks, ready for JSON.
	 * @param showValues whether values that may be sensitive (MDC values) may be shown
	 * @return the description
	 */
	Object describe(boolean showValues);

	/**
	 * Summarises the state for the health contributor.
	 * @return the summary
	 */
	LeakHealth health();

	/**
	 * Called by the {@link LeakSweeper} on its thread at every tick. Must not block for long.
	 * @param nowNanos the {@link System#nanoTime()} reading of this tick
	 */
	default void sweep(long nowNanos) {
	}

	/**
	 * Heals what can be healed now, on an operator's request (the endpoint's write operation):
	 * for connection pools, reclaim leaked connections and soft-evict idle ones. Never blocks
	 * callers of the pool.
	 * @return what was done, ready for JSON, or {@code null} when this source has nothing to do
	 */
	default Map<String, Object> heal() {
		return null;
	}

	/**
	 * A source's contribution to the health check.
	 *
	 * @param leaking whether something leaked and is still not healed (a leaked connection not
	 * yet reclaimed, a leaked task still running, sustained thread growth)
	 * @param saturated whether a pool is saturated (no idle connection and callers waiting)
	 * @param details counts and states to show, ready for JSON
	 */
	record LeakHealth(boolean leaking, boolean saturated, Map<String, Object> details) {
	}

}
