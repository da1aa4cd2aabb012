package io.middlewaretrace.deadline.resilience4j;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A downstream guarded by Resilience4j annotations, and handlers that call it with the request's
 * budget in the states the tests need.
 */
@TestConfiguration(proxyBeanMethods = false)
class Resilience4jTestEndpoints {

	@Bean
	Downstream downstream() {
		return new Downstream();
	}

	/**
	 * The guarded calls, counting how often their bodies ran.
	 */
	static class Downstream {

		final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		@CircuitBreaker(name = "lateCaller")
		String failAfter(long millis) {
			count("lateCaller");
			if (millis > 0) {
				try {
					Thread.sleep(millis);
				}
				catch (InterruptedException ex) {
					// what a client does when its thread is interrupted mid-call
					Thread.currentThread().interrupt();
					throw new IllegalStateException("downstream call interrupted", ex);
				}
			}
			throw new IllegalStateException("downstream failed");
		}

		@CircuitBreaker(name = "refusing")
		String guarded() {
			count("refusing");
			return "ran";
		}

		@Retry(name = "shortBudget")
		String flaky() {
			throw new IllegalStateException("attempt " + count("shortBudget") + " failed");
		}

		@TimeLimiter(name = "budgetLimited")
		CompletableFuture<String> slow() {
			count("budgetLimited");
			return CompletableFuture.supplyAsync(() -> {
				try {
					Thread.sleep(3_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return "late";
			});
		}

		int calls(String name) {
			AtomicInteger count = this.calls.get(name);
			return (count != null) ? count.get() : 0;
		}

		private int count(String name) {
			return this.calls.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

	@RestController
	static class Resilience4jController {

		final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

		final AtomicReference<Long> lastFailureAfterMs = new AtomicReference<>();

		private final Downstream downstream;

		Resilience4jController(Downstream downstream) {
			this.downstream = downstream;
		}

		@GetMapping("/r4j/fail")
		String fail(@RequestParam(defaultValue = "0") long afterMillis) {
			return this.downstream.failAfter(afterMillis);
		}

		@GetMapping("/r4j/late-call")
		String lateCall(@RequestParam long sleepMillis) {
			try {
				Thread.sleep(sleepMillis);
			}
			catch (InterruptedException ex) {
				// the deadline passed while the handler slept: it calls on regardless
			}
			try {
				return this.downstream.guarded();
			}
			catch (RuntimeException ex) {
				this.lastFailure.set(ex);
				throw ex;
			}
		}

		@GetMapping("/r4j/retry")
		ResponseEntity<String> retry() {
			try {
				return ResponseEntity.ok(this.downstream.flaky());
			}
			catch (IllegalStateException ex) {
				return ResponseEntity.status(503).body(ex.getMessage());
			}
		}

		@GetMapping("/r4j/time-limited")
		String timeLimited() {
			long start = System.nanoTime();
			try {
				// join is not interruptible: only a time limiter ends it before the task does
				return this.downstream.slow().join();
			}
			catch (CompletionException ex) {
				this.lastFailure.set(ex.getCause());
				this.lastFailureAfterMs.set((System.nanoTime() - start) / 1_000_000L);
				throw ex;
			}
		}

	}

}
