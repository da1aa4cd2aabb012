package io.middlewaretrace.deadline.resilience4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.deadline.DeadlineExceededException;

import static io.middlewaretrace.deadline.resilience4j.RequestScope.withBudget;
import static io.middlewaretrace.deadline.resilience4j.RequestScope.withSpentBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadlineAwareTimeLimiterTests {

	private final TimeLimiterRegistry registry = DeadlineResilience4j.timeLimiterRegistry(
			TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(10)).build()));

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final AtomicInteger timeouts = new AtomicInteger();

	private final AtomicInteger started = new AtomicInteger();

	@AfterEach
	void stopExecutors() {
		this.scheduler.shutdownNow();
		this.executor.shutdownNow();
	}

	@Test
	void timesOutACompletionStageAtTheRemainingBudget() throws Throwable {
		TimeLimiter limiter = limiter();
		long start = System.nanoTime();
		CompletableFuture<Object> result = withBudget(Duration.ofMillis(200),
				() -> limiter.executeCompletionStage(this.scheduler, CompletableFuture::new).toCompletableFuture());
		Throwable failure = catchThrowable(result::join);
		long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
		assertThat(tookMs).isBetween(150L, 2_000L);
		assertThat(this.timeouts).hasValue(1);
	}

	@Test
	void timesOutAFutureAtTheRemainingBudget() throws Throwable {
		TimeLimiter limiter = limiter();
		long start = System.nanoTime();
		Throwable failure = withBudget(Duration.ofMillis(200),
				() -> catchThrowable(() -> limiter.executeFutureSupplier(() -> this.executor.submit(() -> {
					Thread.sleep(5_000);
					return "late";
				}))));
		long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("'orders'");
		assertThat(tookMs).isBetween(150L, 2_000L);
		assertThat(this.timeouts).hasValue(1);
	}

	@Test
	void keepsItsOwnTimeoutWhenItIsShorterThanTheBudget() throws Throwable {
		TimeLimiter limiter = this.registry.timeLimiter("fast",
				TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(100)).build());
		assertThat(DelegatingHandler.isProxy(limiter)).isTrue();
		long start = System.nanoTime();
		CompletableFuture<Object> result = withBudget(Duration.ofSeconds(10),
				() -> limiter.executeCompletionStage(this.scheduler, CompletableFuture::new).toCompletableFuture());
		assertThat(catchThrowable(result::join)).hasCauseInstanceOf(TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_000L);
	}

	@Test
	void doesNotStartACallWhoseBudgetIsSpent() throws Throwable {
		TimeLimiter limiter = limiter();
		CompletableFuture<Object> result = withSpentBudget(() -> limiter.executeCompletionStage(this.scheduler, () -> {
			this.started.incrementAndGet();
			return CompletableFuture.completedFuture((Object) "ran");
		}).toCompletableFuture());
		assertThat(catchThrowable(result::join)).hasCauseInstanceOf(DeadlineExceededException.class);
		Throwable failure = withSpentBudget(() -> catchThrowable(() -> limiter.executeFutureSupplier(() -> {
			this.started.incrementAndGet();
			return CompletableFuture.completedFuture("ran");
		})));
		assertThat(failure).isInstanceOf(DeadlineExceededException.class);
		assertThat(((DeadlineExceededException) failure).phase()).isEqualTo("timelimiter:orders");
		assertThat(this.started).hasValue(0);
	}

	@Test
	void returnsResultsThatComeInTime() throws Throwable {
		TimeLimiter limiter = limiter();
		CompletableFuture<Object> result = withBudget(Duration.ofSeconds(5), () -> limiter
			.executeCompletionStage(this.scheduler, () -> CompletableFuture.completedFuture((Object) "done"))
			.toCompletableFuture());
		Object value = withBudget(Duration.ofMillis(500), () -> limiter
			.executeFutureSupplier(() -> (Future<Object>) this.executor.submit(() -> (Object) "done too")));
		assertThat(result.join()).isEqualTo("done");
		assertThat(value).isEqualTo("done too");
		assertThat(this.timeouts).hasValue(0);
	}

	@Test
	void leavesCallsOutsideARequestAlone() throws Exception {
		TimeLimiter limiter = this.registry.timeLimiter("fast",
				TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(300)).build());
		assertThat(DelegatingHandler.isProxy(limiter)).isTrue();
		long start = System.nanoTime();
		Throwable failure = catchThrowable(() -> limiter.executeFutureSupplier(() -> this.executor.submit(() -> {
			Thread.sleep(5_000);
			return "late";
		})));
		assertThat(failure).isInstanceOf(TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isGreaterThanOrEqualTo(290L);
	}

	private TimeLimiter limiter() {
		TimeLimiter limiter = this.registry.timeLimiter("orders");
		limiter.getEventPublisher().onTimeout((event) -> this.timeouts.incrementAndGet());
		assertThat(DelegatingHandler.isProxy(limiter)).isTrue();
		return limiter;
	}

}
