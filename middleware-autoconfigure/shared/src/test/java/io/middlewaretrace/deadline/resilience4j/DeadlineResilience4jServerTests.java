package io.middlewaretrace.deadline.resilience4j;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.resilience4j.Resilience4jTestEndpoints.Downstream;
import io.middlewaretrace.deadline.resilience4j.Resilience4jTestEndpoints.Resilience4jController;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resilience4j's annotations under the request's deadline, on a real embedded Tomcat with budgets
 * from the inbound {@code X-Request-Timeout-Ms} header.
 */
@SpringBootTest(classes = { TestApplication.class, Resilience4jTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "middleware.deadline.default-timeout=10s",
				"resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
				"resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
				"resilience4j.circuitbreaker.configs.default.failure-rate-threshold=50",
				"resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1m",
				"resilience4j.retry.instances.shortBudget.max-attempts=10",
				"resilience4j.retry.instances.shortBudget.wait-duration=400ms",
				"resilience4j.timelimiter.instances.budgetLimited.timeout-duration=10s" })
class DeadlineResilience4jServerTests {

	private static final String HEADER = "X-Request-Timeout-Ms";

	private static final int CALLS_TO_OPEN = 4;

	@LocalServerPort
	private int port;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private Downstream downstream;

	@Autowired
	private Resilience4jController controller;

	@Test
	void aBreakerStaysClosedWhenCallsFailBecauseTheirBudgetRanOutButOpensOnDownstreamFailures() throws Exception {
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker("lateCaller");
		// a first request can spend a short budget before it reaches the handler
		assertThat(server().get("/r4j/fail").statusCode()).isEqualTo(500);
		breaker.reset();
		for (int i = 0; i < CALLS_TO_OPEN; i++) {
			HttpResponse<String> response = server().get("/r4j/fail?afterMillis=2000", HEADER, "200");
			assertThat(response.statusCode()).isEqualTo(504);
		}
		assertThat(this.downstream.calls("lateCaller")).isEqualTo(1 + CALLS_TO_OPEN);
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		for (int i = 0; i < CALLS_TO_OPEN; i++) {
			assertThat(server().get("/r4j/fail", HEADER, "5000").statusCode()).isEqualTo(500);
		}
		assertThat(breaker.getState()).isEqualTo(State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(CALLS_TO_OPEN);
	}

	@Test
	void aCallWhoseBudgetIsSpentIsRefusedWithoutRunningItsBody() throws Exception {
		HttpResponse<String> response = server().get("/r4j/late-call?sleepMillis=300", HEADER, "50");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(this.downstream.calls("refusing")).isZero();
		assertThat(this.controller.lastFailure.get()).isInstanceOfSatisfying(DeadlineExceededException.class,
				(refusal) -> assertThat(refusal.phase()).isEqualTo("circuitbreaker:refusing"));
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker("refusing");
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
	}

	@Test
	void retriesStopWhenTheBudgetIsTooShortForAnotherAttempt() throws Exception {
		long start = System.nanoTime();
		// attempts at 0, 400 and 800 ms; the 200 ms then left cannot cover a 400 ms wait
		HttpResponse<String> response = server().get("/r4j/retry", HEADER, "1000");
		long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		int attempts = this.downstream.calls("shortBudget");
		assertThat(attempts).isBetween(2, 3);
		// the application got the last failure before its deadline, not a 504 after it
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("attempt " + attempts + " failed");
		assertThat(tookMs).isLessThan(1_000);
	}

	@Test
	void aTimeLimiterFiresAtTheRemainingBudgetNotItsConfiguredTimeout() throws Exception {
		HttpResponse<String> response = server().get("/r4j/time-limited", HEADER, "300");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(this.downstream.calls("budgetLimited")).isOne();
		assertThat(this.controller.lastFailure.get()).isInstanceOf(TimeoutException.class)
			.hasMessageContaining("budgetLimited");
		assertThat(this.controller.lastFailureAfterMs.get()).isBetween(200L, 1_500L);
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
