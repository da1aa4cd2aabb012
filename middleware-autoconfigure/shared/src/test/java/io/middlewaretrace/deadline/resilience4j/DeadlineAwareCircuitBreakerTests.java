package io.middlewaretrace.deadline.resilience4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.deadline.DeadlineExceededException;

import static io.middlewaretrace.deadline.resilience4j.RequestScope.withBudget;
import static io.middlewaretrace.deadline.resilience4j.RequestScope.withSpentBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadlineAwareCircuitBreakerTests {

	private final CircuitBreakerRegistry registry = DeadlineResilience4j.circuitBreakerRegistry(
			CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
				.slidingWindowSize(2)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.permittedNumberOfCallsInHalfOpenState(1)
				.waitDurationInOpenState(Duration.ofMinutes(1))
				.build()));

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void refusesACallWhoseBudgetIsSpentWithoutTouchingTheBreaker() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		Throwable refusal = withSpentBudget(
				() -> catchThrowable(() -> breaker.executeSupplier(this.calls::incrementAndGet)));
		assertThat(refusal).isInstanceOf(DeadlineExceededException.class);
		assertThat(((DeadlineExceededException) refusal).phase()).isEqualTo("circuitbreaker:orders");
		assertThat(this.calls).hasValue(0);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
	}

	@Test
	void doesNotTakeAHalfOpenPermitForARefusedCall() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		withSpentBudget(() -> catchThrowable(breaker::acquirePermission));
		// the only half-open permit is still there for a caller with time left
		assertThat(breaker.tryAcquirePermission()).isTrue();
		assertThat(breaker.tryAcquirePermission()).isFalse();
	}

	@Test
	void refusesWithTryAcquirePermissionWhenTheBudgetIsSpent() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		assertThat((boolean) withSpentBudget(breaker::tryAcquirePermission)).isFalse();
		assertThat(breaker.tryAcquirePermission()).isTrue();
	}

	@Test
	void doesNotCountFailuresThatCameAfterTheDeadline() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		for (int i = 0; i < 3; i++) {
			withBudget(Duration.ofMillis(20), () -> catchThrowable(() -> breaker.executeRunnable(this::failLate)));
		}
		assertThat(this.calls).hasValue(3);
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void stillCountsFailuresOfTheDownstream() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		for (int i = 0; i < 2; i++) {
			withBudget(Duration.ofSeconds(10), () -> catchThrowable(() -> breaker.executeRunnable(this::fail)));
		}
		assertThat(breaker.getState()).isEqualTo(State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
		Throwable refused = withBudget(Duration.ofSeconds(10),
				() -> catchThrowable(() -> breaker.executeRunnable(this::fail)));
		assertThat(refused).isInstanceOf(CallNotPermittedException.class);
	}

	@Test
	void doesNotCountADeadlineExceededFromFurtherDown() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		for (int i = 0; i < 2; i++) {
			withBudget(Duration.ofSeconds(10), () -> catchThrowable(() -> breaker.executeRunnable(() -> {
				throw new IllegalStateException("pool",
						new DeadlineExceededException("jdbc.acquire", RequestScope.spentDeadline()));
			})));
		}
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void givesTheHalfOpenPermitBackWhenTheCallFailedAfterTheDeadline() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		withBudget(Duration.ofMillis(20), () -> catchThrowable(() -> breaker.executeRunnable(this::failLate)));
		assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
		assertThat(breaker.tryAcquirePermission()).isTrue();
	}

	@Test
	void leavesCallsOutsideARequestAlone() {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		assertThat(DelegatingHandler.isProxy(breaker)).isTrue();
		for (int i = 0; i < 2; i++) {
			assertThatIllegalStateException().isThrownBy(() -> breaker.executeRunnable(this::failLate));
		}
		assertThat(breaker.getState()).isEqualTo(State.OPEN);
	}

	@Test
	void refusesACompletionStageWhoseBudgetIsSpent() throws Throwable {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		CompletableFuture<Object> result = withSpentBudget(() -> breaker
			.executeCompletionStage(() -> CompletableFuture.completedFuture((Object) this.calls.incrementAndGet()))
			.toCompletableFuture());
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(DeadlineExceededException.class);
		CompletableFuture<Object> decorated = withSpentBudget(() -> breaker
			.decorateCompletionStage(() -> CompletableFuture.completedFuture((Object) this.calls.incrementAndGet()))
			.get()
			.toCompletableFuture());
		assertThatExceptionOfType(CompletionException.class).isThrownBy(decorated::join)
			.withCauseInstanceOf(DeadlineExceededException.class);
		assertThat(this.calls).hasValue(0);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void handsOutOneWrapperPerBreaker() {
		CircuitBreaker breaker = this.registry.circuitBreaker("orders");
		assertThat(this.registry.circuitBreaker("orders")).isSameAs(breaker);
		assertThat(this.registry.find("orders")).containsSame(breaker);
		assertThat(this.registry.getAllCircuitBreakers()).containsExactly(breaker);
		assertThat(breaker.getName()).isEqualTo("orders");
		assertThat(DelegatingHandler.isProxy(breaker)).isTrue();
		this.registry.remove("orders");
		CircuitBreaker another = this.registry.circuitBreaker("orders");
		assertThat(another).isNotSameAs(breaker);
		assertThat(DelegatingHandler.isProxy(another)).isTrue();
		assertThat(DeadlineResilience4j.circuitBreaker(another)).isSameAs(another);
	}

	private void failLate() {
		this.calls.incrementAndGet();
		try {
			Thread.sleep(60);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new IllegalStateException("downstream call failed");
	}

	private void fail() {
		this.calls.incrementAndGet();
		throw new IllegalStateException("downstream call failed");
	}

}
