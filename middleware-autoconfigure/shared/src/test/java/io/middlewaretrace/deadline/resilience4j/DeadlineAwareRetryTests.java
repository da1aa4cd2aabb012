package io.middlewaretrace.deadline.resilience4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;

import static io.middlewaretrace.deadline.resilience4j.RequestScope.withBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadlineAwareRetryTests {

	private final RetryRegistry registry = DeadlineResilience4j.retryRegistry(RetryRegistry
		.of(RetryConfig.custom().maxAttempts(10).waitDuration(Duration.ofMillis(400)).build()));

	private final AtomicInteger attempts = new AtomicInteger();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void stopsWhenTheBudgetIsShorterThanTheWaitBeforeTheNextAttempt() throws Throwable {
		Retry retry = this.registry.retry("orders");
		long start = System.nanoTime();
		// attempts at 0, 400 and 800 ms; after the third only 200 ms are left for a 400 ms wait
		Throwable failure = withBudget(Duration.ofMillis(1000),
				() -> catchThrowable(() -> retry.executeRunnable(this::fail)));
		long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessage("attempt " + this.attempts.get() + " failed");
		assertThat(this.attempts.get()).isBetween(2, 3);
		assertThat(tookMs).isLessThan(1000);
	}

	@Test
	void stopsCheckedCallsToo() throws Throwable {
		Retry retry = this.registry.retry("orders");
		Throwable failure = withBudget(Duration.ofMillis(1000), () -> catchThrowable(() -> retry.executeCallable(() -> {
			this.attempts.incrementAndGet();
			throw new java.io.IOException("attempt failed");
		})));
		assertThat(failure).isInstanceOf(java.io.IOException.class);
		assertThat(this.attempts.get()).isBetween(2, 3);
	}

	@Test
	void recordsTheWaitsAsPhasesOfTheRequest() throws Throwable {
		Retry retry = this.registry.retry("orders");
		DefaultRequestContext context = withBudget(Duration.ofMillis(1000), () -> {
			catchThrowable(() -> retry.executeRunnable(this::fail));
			return RequestContextHolder.get();
		});
		assertThat(context.phases().list()).hasSize(this.attempts.get() - 1).allSatisfy((phase) -> {
			assertThat(phase.name()).isEqualTo("resilience4j.retry");
			assertThat(phase.detail()).isEqualTo("orders");
			assertThat(phase.isOpen()).isFalse();
			assertThat(phase.outcome()).isEqualTo(Phase.OK);
		});
	}

	@Test
	void makesNoFurtherAttemptOnceTheDeadlinePassed() throws Throwable {
		Retry retry = this.registry.retry("orders", config(5, 1));
		withBudget(Duration.ofMillis(30), () -> catchThrowable(() -> retry.executeRunnable(() -> {
			sleep(60);
			fail();
		})));
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void neverRetriesADeadlineExceeded() throws Throwable {
		Retry retry = this.registry.retry("orders", config(5, 1));
		Throwable failure = withBudget(Duration.ofSeconds(10), () -> catchThrowable(() -> retry.executeRunnable(() -> {
			this.attempts.incrementAndGet();
			throw new IllegalStateException(new DeadlineExceededException("http.client", RequestScope.spentDeadline()));
		})));
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasCauseInstanceOf(DeadlineExceededException.class);
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void retriesAsConfiguredWhenTheBudgetAllows() throws Throwable {
		Retry retry = this.registry.retry("orders", config(3, 10));
		assertThat(DelegatingHandler.isProxy(retry)).isTrue();
		withBudget(Duration.ofSeconds(10), () -> catchThrowable(() -> retry.executeRunnable(this::fail)));
		assertThat(this.attempts).hasValue(3);
		assertThat(retry.getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isOne();
	}

	@Test
	void leavesCallsOutsideARequestAlone() {
		Retry retry = this.registry.retry("orders", config(3, 10));
		assertThat(DelegatingHandler.isProxy(retry)).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> retry.executeRunnable(this::fail));
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void stopsOnAResultToRetryWhenTheBudgetIsShort() throws Throwable {
		Retry retry = this.registry.retry("orders", RetryConfig.<String>custom()
			.maxAttempts(10)
			.waitDuration(Duration.ofMillis(400))
			.retryOnResult("busy"::equals)
			.build());
		String result = withBudget(Duration.ofMillis(1000), () -> retry.executeSupplier(() -> {
			this.attempts.incrementAndGet();
			return "busy";
		}));
		assertThat(result).isEqualTo("busy");
		assertThat(this.attempts.get()).isBetween(2, 3);
	}

	@Test
	void stopsAsynchronousAttemptsWhenTheBudgetIsShort() throws Throwable {
		Retry retry = this.registry.retry("orders");
		CompletableFuture<Object> result = withBudget(Duration.ofMillis(1000),
				() -> retry.executeCompletionStage(this.scheduler, () -> {
					this.attempts.incrementAndGet();
					return CompletableFuture.failedFuture(new IllegalStateException("attempt failed"));
				}).toCompletableFuture());
		Throwable failure = catchThrowable(result::join);
		assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
		assertThat(this.attempts.get()).isBetween(2, 3);
	}

	@Test
	void neverRetriesAnAsynchronousDeadlineExceeded() throws Throwable {
		Retry retry = this.registry.retry("orders", config(5, 1));
		CompletableFuture<Object> result = withBudget(Duration.ofSeconds(10),
				() -> retry.executeCompletionStage(this.scheduler, () -> {
					this.attempts.incrementAndGet();
					return CompletableFuture
						.failedFuture(new DeadlineExceededException("http.client", RequestScope.spentDeadline()));
				}).toCompletableFuture());
		assertThat(catchThrowable(result::join)).hasCauseInstanceOf(DeadlineExceededException.class);
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void handsOutOneWrapperPerRetry() {
		Retry retry = this.registry.retry("orders");
		assertThat(DelegatingHandler.isProxy(retry)).isTrue();
		assertThat(this.registry.retry("orders")).isSameAs(retry);
		assertThat(this.registry.getAllRetries()).containsExactly(retry);
	}

	private static RetryConfig config(int maxAttempts, long waitMillis) {
		return RetryConfig.custom().maxAttempts(maxAttempts).waitDuration(Duration.ofMillis(waitMillis)).build();
	}

	private void fail() {
		throw new IllegalStateException("attempt " + this.attempts.incrementAndGet() + " failed");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
