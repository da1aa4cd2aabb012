package io.middlewaretrace.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineAppenderTests {

	private final LoggerContext context = new LoggerContext();

	@Test
	void writesEveryLineFromManyThreadsAndLosesNone() throws Exception {
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		JsonLineAppender appender = start(synchronizedStream(target), Duration.ofMillis(50), 1 << 20);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			threads.add(startThread(() -> {
				for (int i = 0; i < 5_000; i++) {
					appender.doAppend(event("t" + thread + "-" + i));
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		appender.stop();
		String[] lines = target.toString(StandardCharsets.UTF_8).split("\n");
		assertThat(lines).hasSize(20_000).doesNotHaveDuplicates();
		assertThat(appender.pendingBytes()).isZero();
	}

	@Test
	void writesALoneLineWithinTheFlushInterval() throws Exception {
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		JsonLineAppender appender = start(synchronizedStream(target), Duration.ofMillis(100), 1 << 20);
		try {
			appender.doAppend(event("alone"));
			long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (!contains(target, "alone") && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(contains(target, "alone")).isTrue();
		}
		finally {
			appender.stop();
		}
	}

	@Test
	void boundsMemoryByMakingLoggingThreadsWaitForASlowTarget() throws Exception {
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		OutputStream slow = new OutputStream() {
			@Override
			public void write(int b) {
				target.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				LockSupportSleep.millis(2);
				synchronized (target) {
					target.write(bytes, offset, length);
				}
			}
		};
		long maxPending = JsonLineAppender.BATCH_BYTES;
		JsonLineAppender appender = start(slow, Duration.ofMillis(20), maxPending);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong highest = new AtomicLong();
		Thread monitor = startThread(() -> {
			while (running.get()) {
				highest.accumulateAndGet(appender.pendingBytes(), Math::max);
			}
		});
		List<Thread> threads = new ArrayList<>();
		String padding = "x".repeat(200);
		for (int t = 0; t < 4; t++) {
			threads.add(startThread(() -> {
				for (int i = 0; i < 2_000; i++) {
					appender.doAppend(event(padding));
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		running.set(false);
		monitor.join();
		appender.stop();
		// each of the 4 threads may add one line past the limit before it waits
		assertThat(highest.get()).isLessThanOrEqualTo(maxPending + 4 * 202);
		assertThat(target.toString(StandardCharsets.UTF_8).split("\n")).hasSize(8_000);
	}

	private static Thread startThread(Runnable task) {
		Thread thread = new Thread(task);
		thread.start();
		return thread;
	}

	private JsonLineAppender start(OutputStream target, Duration flushInterval, long maxPending) {
		MessageEncoder encoder = new MessageEncoder();
		encoder.setContext(this.context);
		encoder.start();
		JsonLineAppender appender = new JsonLineAppender(encoder, target, flushInterval, maxPending);
		appender.setContext(this.context);
		appender.start();
		return appender;
	}

	private ILoggingEvent event(String message) {
		return new LoggingEvent(getClass().getName(), this.context.getLogger("test"), Level.INFO, message, null, null);
	}

	private static boolean contains(ByteArrayOutputStream target, String text) {
		synchronized (target) {
			return target.toString(StandardCharsets.UTF_8).contains(text);
		}
	}

	private static OutputStream synchronizedStream(ByteArrayOutputStream target) {
		return new OutputStream() {
			@Override
			public void write(int b) {
				synchronized (target) {
					target.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				synchronized (target) {
					target.write(bytes, offset, length);
				}
			}
		};
	}

	static final class MessageEncoder extends EncoderBase<ILoggingEvent> {

		@Override
		public byte[] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			return (event.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte[] footerBytes() {
			return null;
		}

	}

	static final class LockSupportSleep {

		static void millis(long millis) {
			java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000);
		}

	}

}
