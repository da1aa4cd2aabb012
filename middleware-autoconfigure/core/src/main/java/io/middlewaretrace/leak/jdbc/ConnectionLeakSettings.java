package io.middlewaretrace.leak.jdbc;

import java.time.Duration;

/**
 * How connections are tracked, checked and reclaimed.
 *
 * @param frameSampleRate fraction of borrows, 0.0 to 1.0, whose borrowing frames are captured
 * @param maxFrames borrowing frames kept per connection, positive
 * @param heldThreshold how long a connection may be held before it is marked suspect
 * @param evictOnBroken whether idle connections are soft-evicted when the pool finds a broken one
 * @param reclaim whether leaked connections are reclaimed after the grace period
 * @param gracePeriod how long after its request ended a leaked connection is left to its holder
 * @param recent capacity of each ring of recent records, per pool
 * @since 0.1.0
 */
public record ConnectionLeakSettings(double frameSampleRate, int maxFrames, Duration heldThreshold,
		boolean evictOnBroken, boolean reclaim, Duration gracePeriod, int recent) {

	/**
	 * Checks the values.
	 */
	public ConnectionLeakSettings {
		if (!(frameSampleRate >= 0.0 && frameSampleRate <= 1.0)) {
			throw new IllegalArgumentException("frameSampleRate must be between 0.0 and 1.0, but was " + frameSampleRate);
		}
		if (maxFrames <= 0) {
			throw new IllegalArgumentException("maxFrames must be positive, but was " + maxFrames);
		}
		if (heldThreshold == null || heldThreshold.isNegative() || heldThreshold.isZero()) {
			throw new IllegalArgumentException("heldThreshold must be positive, but was " + heldThreshold);
		}
		if (gracePeriod == null || gracePeriod.isNegative()) {
			throw new IllegalArgumentException("gracePeriod must not be negative, but was " + gracePeriod);
		}
		if (recent < 0) {
			throw new IllegalArgumentException("recent must not be negative, but was " + recent);
		}
	}

}
