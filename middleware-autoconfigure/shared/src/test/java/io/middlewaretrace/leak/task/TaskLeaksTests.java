package io.middlewaretrace.leak.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.RequestContextTaskDecorator;
import io.middlewaretrace.leak.LeakMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task decorator and {@link TaskLeaks} on a real thread pool: tasks outside a request are
 * not tracked, the bound sends tasks beyond it untracked, a task its executor never ran is not
 * counted forever, and the ring of leaked tasks is bounded.
 */
class TaskLeaksTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutDown() throws InterruptedException {
		this.release.countDown();
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
		RequestContextHolder.clear();
	}

	@Test
	void tasksOutsideARequestAreNotTracked() {
		TaskLeaks leaks = new TaskLeaks(Duration.ofMillis(1), 4, 10, 10, LeakMetrics.NONE);
		RequestContextTaskDecorator decorator = new RequestContextTaskDecorator(leaks);
		this.pool.execute(decorator.decorate(this::hold));
		assertThat(counts(leaks).get("tracked")).isEqualTo(0);
	}

	@Test
	void tasksBeyondTheBoundRunUntrackedAndAreCounted() {
		TaskLeaks leaks = new TaskLeaks(Duration.ofMillis(1), 4, 2, 10, LeakMetrics.NONE);
		RequestContextTaskDecorator decorator = new RequestContextTaskDecorator(leaks);
		RequestContextHolder.set(DefaultRequestContext.builder("GET").build());
		for (int i = 0; i < 3; i++) {
			this.pool.execute(decorator.decorate(this::hold));
		}
		assertThat(counts(leaks).get("tracked")).isEqualTo(2);
		assertThat(counts(leaks).get("untracked")).isEqualTo(1L);
	}

	@Test
	void aTaskItsExecutorNeverRanStopsBeingCounted() throws Exception {
		TaskLeaks leaks = new TaskLeaks(Duration.ofMillis(1), 4, 10, 10, LeakMetrics.NONE);
		RequestContextTaskDecorator decorator = new RequestContextTaskDecorator(leaks);
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		RequestContextHolder.set(context);
		decorator.decorate(this::hold);
		RequestContextHolder.clear();
		context.complete(200, System.nanoTime());
		context.endLeases();
		assertThat(counts(leaks).get("tracked")).isEqualTo(1);
		long deadline = System.nanoTime() + 5_000_000_000L;
		while ((int) counts(leaks).get("tracked") != 0 && System.nanoTime() < deadline) {
			System.gc();
			leaks.sweep(System.nanoTime());
			Thread.sleep(10);
		}
		assertThat(counts(leaks).get("tracked")).isEqualTo(0);
		assertThat(counts(leaks).get("droppedUnrun")).isEqualTo(1L);
	}

	@Test
	void leakedTasksAreKeptInABoundedRing() throws Exception {
		TaskLeaks leaks = new TaskLeaks(Duration.ofMillis(1), 4, 10, 2, LeakMetrics.NONE);
		RequestContextTaskDecorator decorator = new RequestContextTaskDecorator(leaks);
		CountDownLatch running = new CountDownLatch(3);
		for (int i = 0; i < 3; i++) {
			DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
			RequestContextHolder.set(context);
			this.pool.execute(decorator.decorate(() -> {
				running.countDown();
				hold();
			}));
			RequestContextHolder.clear();
			context.complete(200, System.nanoTime());
			context.endLeases();
		}
		running.await(5, TimeUnit.SECONDS);
		Thread.sleep(5);
		leaks.sweep(System.nanoTime());
		assertThat(counts(leaks).get("leakedTotal")).isEqualTo(3L);
		assertThat(counts(leaks).get("leakedRunning")).isEqualTo(3);
		assertThat((java.util.List<?>) counts(leaks).get("leaked")).hasSize(2);
		assertThat(leaks.health().leaking()).isTrue();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> counts(TaskLeaks leaks) {
		return (Map<String, Object>) leaks.describe(false);
	}

	private void hold() {
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
