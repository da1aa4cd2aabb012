package io.middlewaretrace.leak.thread;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the JVM's real thread count: threads the test starts above a low cap are reported as
 * growth only once sustained, listed by name prefix, and the growth clears into a bounded ring
 * of past episodes when they end.
 */
class ThreadGrowthTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final long MS = 1_000_000L;

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.started) {
			thread.join(5000);
		}
	}

	@Test
	void growthAboveTheCapIsReportedOnlyWhenSustainedAndClearsWhenTheThreadsEnd() throws Exception {
		int now = liveThreads();
		ThreadGrowth growth = new ThreadGrowth(1000.0, now + 5, Duration.ofMillis(100), 10);
		growth.sweep(1 * MS);
		startThreads(10, this.release);
		growth.sweep(10 * MS);
		assertThat(growth.health().leaking()).isFalse();
		assertThat(growth.health().details().get("growing")).isEqualTo(false);
		growth.sweep(120 * MS);
		assertThat(growth.health().leaking()).isTrue();
		JsonNode description = JSON.valueToTree(growth.describe(false));
		assertThat(Instant.parse(description.get("growingSince").asText())).isBefore(Instant.now().plusSeconds(1));
		assertThat(description.get("peak").asInt()).isGreaterThanOrEqualTo(now + 10);
		assertThat(description.get("limit").asInt()).isEqualTo(now + 5);
		assertThat(description.get("topNamePrefixes").get("leak-test-grower-").asInt()).isEqualTo(10);
		stopThreads();
		awaitLiveThreadsAtMost(now + 5);
		growth.sweep(200 * MS);
		assertThat(growth.health().leaking()).isFalse();
		JsonNode after = JSON.valueToTree(growth.describe(false));
		assertThat(after.get("episodes")).hasSize(1);
		assertThat(after.get("episodes").get(0).get("peak").asInt()).isGreaterThanOrEqualTo(now + 10);
	}

	@Test
	void aShortBurstIsNotGrowth() throws Exception {
		int now = liveThreads();
		ThreadGrowth growth = new ThreadGrowth(1000.0, now + 5, Duration.ofMillis(100), 10);
		growth.sweep(1 * MS);
		startThreads(10, this.release);
		growth.sweep(10 * MS);
		stopThreads();
		awaitLiveThreadsAtMost(now + 5);
		growth.sweep(150 * MS);
		assertThat(growth.health().leaking()).isFalse();
		assertThat((List<?>) ((Map<?, ?>) growth.describe(false)).get("episodes")).isEmpty();
	}

	@Test
	void theBaselineTimesTheGrowthFactorIsTheLimitUnderTheCap() {
		ThreadGrowth growth = new ThreadGrowth(1.5, 100_000, Duration.ZERO, 10);
		growth.applicationReady();
		int baseline = (int) growth.health().details().get("baseline");
		assertThat(baseline).isPositive();
		assertThat(growth.health().details().get("limit")).isEqualTo((int) Math.ceil(baseline * 1.5));
	}

	@Test
	void pastEpisodesAreBounded() throws Exception {
		int now = liveThreads();
		ThreadGrowth growth = new ThreadGrowth(1000.0, now + 5, Duration.ZERO, 2);
		long tick = 1;
		for (int episode = 0; episode < 3; episode++) {
			CountDownLatch release = new CountDownLatch(1);
			List<Thread> threads = startThreads(10, release);
			growth.sweep(tick++ * MS);
			assertThat(growth.health().leaking()).isTrue();
			release.countDown();
			for (Thread thread : threads) {
				thread.join(5000);
			}
			awaitLiveThreadsAtMost(now + 5);
			growth.sweep(tick++ * MS);
		}
		assertThat((List<?>) ((Map<?, ?>) growth.describe(false)).get("episodes")).hasSize(2);
	}

	@Test
	void prefixesDropTrailingDigits() {
		assertThat(ThreadNamePrefixes.prefix("pool-3-thread-17")).isEqualTo("pool-3-thread-");
		assertThat(ThreadNamePrefixes.prefix("main")).isEqualTo("main");
	}

	private List<Thread> startThreads(int count, CountDownLatch release) throws InterruptedException {
		CountDownLatch running = new CountDownLatch(count);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(() -> {
				running.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "leak-test-grower-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		running.await();
		this.started.addAll(threads);
		return threads;
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static void awaitLiveThreadsAtMost(int count) throws InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (liveThreads() > count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(liveThreads()).isLessThanOrEqualTo(count);
	}

}
