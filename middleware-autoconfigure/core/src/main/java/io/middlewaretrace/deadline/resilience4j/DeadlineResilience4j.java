package io.middlewaretrace.deadline.resilience4j;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Puts Resilience4j under the deadline of the request the calling thread works for. The
 * starter applies it to the {@code CircuitBreakerRegistry}, {@code RetryRegistry} and
 * {@code TimeLimiterRegistry} beans; use these methods for instances and registries an
 * application builds itself. Each wrapper behaves as the wrapped instance outside a request or
 * when deadlines are off:
 * <ul>
 * <li>a circuit breaker refuses a call whose budget is already spent with a
 * {@link io.middlewaretrace.deadline.DeadlineExceededException} (phase
 * {@code circuitbreaker:<name>}) without touching the real breaker, and releases an error that
 * happened once the deadline had passed (or caused by a {@code DeadlineExceededException}) as
 * ignored instead of recording a failure;</li>
 * <li>a retry makes no further attempt when the deadline passed or the remaining budget is not
 * longer than the wait before the next attempt (the last failure is thrown as it is), and never
 * retries a {@code DeadlineExceededException};</li>
 * <li>a time limiter times out at the shorter of its configured timeout and the remaining
 * budget.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class DeadlineResilience4j {

	private DeadlineResilience4j() {
	}

	/**
	 * Returns a deadline-aware view of a circuit breaker.
	 * @param circuitBreaker the circuit breaker
	 * @return a circuit breaker that delegates to {@code circuitBreaker}
	 */
	public static CircuitBreaker circuitBreaker(CircuitBreaker circuitBreaker) {
		return DeadlineAwareCircuitBreaker.wrap(circuitBreaker);
	}

	/**
	 * Returns a deadline-aware view of a retry.
	 * @param retry the retry
	 * @return a retry that delegates to {@code retry}
	 */
	public static Retry retry(Retry retry) {
		return DeadlineAwareRetry.wrap(retry);
	}

	/**
	 * Returns a deadline-aware view of a time limiter.
	 * @param timeLimiter the time limiter
	 * @return a time limiter that delegates to {@code timeLimiter}
	 */
	public static TimeLimiter timeLimiter(TimeLimiter timeLimiter) {
		return DeadlineAwareTimeLimiter.wrap(timeLimiter);
	}

	/**
	 * Returns a registry that hands out deadline-aware views of its circuit breakers.
	 * @param registry the registry
	 * @return a registry that delegates to {@code registry}
	 */
	public static CircuitBreakerRegistry circuitBreakerRegistry(CircuitBreakerRegistry registry) {
		return DeadlineAwareRegistry.wrap(CircuitBreakerRegistry.class, registry, CircuitBreaker.class,
				DeadlineAwareCircuitBreaker::wrap);
	}

	/**
	 * Returns a registry that hands out deadline-aware views of its retries.
	 * @param registry the registry
	 * @return a registry that delegates to {@code registry}
	 */
	public static RetryRegistry retryRegistry(RetryRegistry registry) {
		return DeadlineAwareRegistry.wrap(RetryRegistry.class, registry, Retry.class, DeadlineAwareRetry::wrap);
	}

	/**
	 * Returns a registry that hands out deadline-aware views of its time limiters.
	 * @param registry the registry
	 * @return a registry that delegates to {@code registry}
	 */
	public static TimeLimiterRegistry timeLimiterRegistry(TimeLimiterRegistry registry) {
		return DeadlineAwareRegistry.wrap(TimeLimiterRegistry.class, registry, TimeLimiter.class,
				DeadlineAwareTimeLimiter::wrap);
	}

}
