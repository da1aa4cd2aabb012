package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.middlewaretrace.context.Ticker;

/**
 * A clock that moves only when a test moves it, as gRPC's {@code FakeTicker}: a deadline on it is
 * exactly as far from passing as the test says, whatever the machine's load. It starts a second
 * before a {@code long} overflows, because {@link System#nanoTime()} may read anything, and
 * readings compared other than by difference then go wrong within the test.
 */
final class FakeTicker implements Ticker {

	private final AtomicLong nanos;

	FakeTicker() {
		this(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
	}

	FakeTicker(long startNanos) {
		this.nanos = new AtomicLong(startNanos);
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	void advance(Duration duration) {
		advance(duration.toNanos());
	}

	void advance(long nanos) {
		if (nanos < 0) {
			throw new IllegalArgumentException("A ticker only moves forward, not by " + nanos + "ns");
		}
		this.nanos.addAndGet(nanos);
	}

	/**
	 * Moves the clock forward to {@code reading}.
	 */
	void advanceTo(long reading) {
		advance(reading - this.nanos.get());
	}

}
