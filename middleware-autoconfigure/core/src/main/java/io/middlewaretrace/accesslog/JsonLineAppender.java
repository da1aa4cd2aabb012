package io.middlewaretrace.accesslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Encodes each event on the thread that logs it, in parallel on every request thread, and hands
 * the bytes over through a lock-free queue to one writer thread that writes them in batches. A
 * request thread therefore never waits for a lock or for I/O: both made threads queue behind
 * each other (a lock convoy) on a loaded two-core machine, where a queue of events drained by
 * one encoding thread also fell behind.
 * <p>
 * The writer wakes when a batch's worth of bytes is pending, and at the latest every flush
 * interval. Memory is bounded: when {@code maxPending} bytes wait to be written (the target
 * cannot keep up), request threads wait for the writer rather than drop lines.
 */
final class JsonLineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	static final int BATCH_BYTES = 64 * 1024;

	private static final long OVERLOAD_PAUSE_NANOS = 100_000;

	private final Encoder<ILoggingEvent> encoder;

	private final OutputStream out;

	private final long flushIntervalNanos;

	private final long maxPending;

	private final Queue<byte[]> lines = new ConcurrentLinkedQueue<>();

	private final AtomicLong pending = new AtomicLong();

	private volatile Thread writer;

	JsonLineAppender(Encoder<ILoggingEvent> encoder, OutputStream target, Duration flushInterval, long maxPending) {
		this.encoder = encoder;
		this.out = new BufferedOutputStream(target, BATCH_BYTES);
		this.flushIntervalNanos = flushInterval.toNanos();
		this.maxPending = maxPending;
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::writeUntilStopped, "middleware-access-log-writer");
		thread.setDaemon(true);
		this.writer = thread;
		super.start();
		thread.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		byte[] line = this.encoder.encode(event);
		this.lines.offer(line);
		long pending = this.pending.addAndGet(line.length);
		if (pending >= BATCH_BYTES && pending - line.length < BATCH_BYTES) {
			LockSupport.unpark(this.writer);
		}
		while (this.pending.get() > this.maxPending && isStarted()) {
			LockSupport.unpark(this.writer);
			LockSupport.parkNanos(OVERLOAD_PAUSE_NANOS);
		}
	}

	private void writeUntilStopped() {
		while (isStarted()) {
			LockSupport.parkNanos(this, this.flushIntervalNanos);
			writePending();
		}
	}

	/**
	 * Writes and flushes everything queued so far. Only the writer thread calls it while the
	 * appender runs; {@link #stop()} calls it once the writer has ended.
	 */
	void writePending() {
		try {
			byte[] line;
			while ((line = this.lines.poll()) != null) {
				this.out.write(line);
				this.pending.addAndGet(-line.length);
			}
			this.out.flush();
		}
		catch (IOException ex) {
			addError("Failed to write the access log", ex);
		}
	}

	long pendingBytes() {
		return this.pending.get();
	}

	@Override
	public void stop() {
		if (!isStarted()) {
			return;
		}
		super.stop();
		Thread thread = this.writer;
		LockSupport.unpark(thread);
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		writePending();
		try {
			this.out.close();
		}
		catch (IOException ex) {
			addError("Failed to close the access log", ex);
		}
	}

	/**
	 * Writes to whatever {@link System#out} is at the time, so redirection (and output capture in
	 * tests) works, and never closes it.
	 */
	static final class StandardOutput extends OutputStream {

		@Override
		public void write(int b) {
			System.out.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			System.out.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			System.out.flush();
		}

		@Override
		public void close() {
			flush();
		}

	}

}
