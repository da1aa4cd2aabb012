package io.middlewaretrace.deadline;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Per-request deadlines on a real embedded Tomcat with a single request thread, so that every
 * request after a timed-out one runs on the thread that was interrupted.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, DeadlineTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=deadlines", "server.tomcat.threads.max=1",
				"middleware.deadline.default-timeout=3s", "middleware.deadline.routes.[/deadline/busy]=300ms",
				"middleware.deadline.inbound-headers=X-Request-Timeout-Ms,grpc-timeout" })
class DeadlineServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String HEADER = "X-Request-Timeout-Ms";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private AnomalyRegistry anomalies;

	@Test
	void aHandlerBlockedPastTheDeadlineIsInterruptedAndAnswered504() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/deadline/sleep?millis=10000", HEADER, "300");
		long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(tookMs).isLessThan(2_000);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(504);
		assertThat(problem.get("traceId").asText()).isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
		assertThat(problem.get("route").asText()).isEqualTo("/deadline/sleep");
		assertThat(problem.get("budgetMs").asLong()).isEqualTo(300);
		assertThat(problem.get("budgetSource").asText()).isEqualTo("header X-Request-Timeout-Ms");
		assertThat(problem.get("elapsedMs").asLong()).isBetween(300L, 1_500L);
		assertThat(problem.get("phase").asText()).isEqualTo("handler");
		assertThat(this.meters.counter(MicrometerDeadlineMetrics.EXCEEDED, "route", "/deadline/sleep", "phase", "handler")
			.count()).isPositive();
		assertTheNextRequestOnTheThreadIsNotInterrupted();
	}

	@Test
	void aHandlerThatIgnoresInterruptsIsAnswered504WhenItReturns() throws Exception {
		HttpResponse<String> response = server().get("/deadline/busy?millis=600");
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("budgetMs").asLong()).isEqualTo(300);
		assertThat(problem.get("budgetSource").asText()).isEqualTo("route /deadline/busy");
		assertThat(response.body()).doesNotContain("done");
		assertTheNextRequestOnTheThreadIsNotInterrupted();
	}

	@Test
	void aHandlerThatRestoresTheInterruptFlagStillGetsA504Written() throws Exception {
		HttpResponse<String> response = server().get("/deadline/swallow?millis=5000", HEADER, "200");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).get("phase").asText()).isEqualTo("handler");
		assertTheNextRequestOnTheThreadIsNotInterrupted();
	}

	@Test
	void aDeadlineThatPassesAfterTheResponseWasCommittedLeavesTheClientWithAnIncompleteResponse() throws Exception {
		// the response was committed with 200 and "partial", then cut: a client library must not
		// take it for a complete answer (DeadlineAfterCommitServerTests shows the bytes)
		assertThatIOException().isThrownBy(() -> server().get("/deadline/flush-then-sleep?millis=5000&deadlineAfterCommitMs=200", HEADER, "3000"));
		assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
			assertThat(anomaly.type()).isEqualTo(AnomalyType.DEADLINE_AFTER_COMMIT);
			assertThat(anomaly.source()).isEqualTo("handler");
		});
		assertTheNextRequestOnTheThreadIsNotInterrupted();
	}

	@Test
	void anAsyncRequestWaitingPastItsDeadlineIsAnswered504() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/deadline/deferred", HEADER, "300");
		// the container checks async timeouts about once a second
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_500);
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("phase").asText()).isEqualTo("async");
		assertThat(problem.get("route").asText()).isEqualTo("/deadline/deferred");
	}

	@Test
	void aCallableRunningPastItsDeadlineIsAnswered504() throws Exception {
		HttpResponse<String> response = server().get("/deadline/callable?millis=10000", HEADER, "300");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).get("budgetMs").asLong()).isEqualTo(300);
	}

	@Test
	void anAsyncRequestWithinItsBudgetIsUntouched() throws Exception {
		HttpResponse<String> response = server().get("/deadline/callable?millis=20", HEADER, "3000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("called");
	}

	@Test
	void aRequestWithinItsBudgetIsUntouched() throws Exception {
		HttpResponse<String> response = server().get("/deadline/sleep?millis=20", HEADER, "2000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("slept");
	}

	@Test
	void theHandlerSeesTheRemainingBudgetAndWhereItCameFrom() throws Exception {
		JsonNode fromHeader = JSON.readTree(server().get("/deadline/remaining", HEADER, "1500").body());
		assertThat(fromHeader.get("budgetMs").asLong()).isEqualTo(1500);
		assertThat(fromHeader.get("remainingMs").asLong()).isBetween(1L, 1500L);
		assertThat(fromHeader.get("source").asText()).isEqualTo("header X-Request-Timeout-Ms");
		JsonNode fromDefault = JSON.readTree(server().get("/deadline/remaining").body());
		assertThat(fromDefault.get("budgetMs").asLong()).isEqualTo(3000);
		assertThat(fromDefault.get("source").asText()).isEqualTo("default");
	}

	@Test
	void aHeaderNeverExtendsTheConfiguredBudget() throws Exception {
		JsonNode remaining = JSON.readTree(server().get("/deadline/remaining", HEADER, "600000").body());
		assertThat(remaining.get("budgetMs").asLong()).isEqualTo(3000);
		assertThat(remaining.get("source").asText()).isEqualTo("default");
	}

	@Test
	void theEarliestOfSeveralHeadersWins() throws Exception {
		JsonNode remaining = JSON
			.readTree(server().get("/deadline/remaining", HEADER, "2000", "grpc-timeout", "700m").body());
		assertThat(remaining.get("budgetMs").asLong()).isEqualTo(700);
		assertThat(remaining.get("source").asText()).isEqualTo("header grpc-timeout");
	}

	@Test
	void badHeaderValuesAreIgnoredAndCounted() throws Exception {
		String[][] cases = { { "abc", "non-numeric" }, { "-5", "negative" }, { "1.5", "fractional" },
				{ "0", "zero" }, { "99999999999999999999", "overflow" }, { "123456789012345678901234", "too-long" } };
		for (String[] badCase : cases) {
			double before = invalidCount(badCase[1]);
			HttpResponse<String> response = server().get("/deadline/remaining", HEADER, badCase[0]);
			assertThat(response.statusCode()).as(badCase[0]).isEqualTo(200);
			assertThat(JSON.readTree(response.body()).get("source").asText()).isEqualTo("default");
			assertThat(invalidCount(badCase[1])).as(badCase[0]).isEqualTo(before + 1);
		}
		double before = invalidCount("duplicated");
		HttpResponse<String> duplicated = server().get("/deadline/remaining", HEADER, "100", HEADER, "200");
		assertThat(duplicated.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(duplicated.body()).get("source").asText()).isEqualTo("default");
		assertThat(invalidCount("duplicated")).isEqualTo(before + 1);
	}

	@Test
	void applicationCodeCanShortenTheDeadline() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/deadline/shorten");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_000);
		assertThat(JSON.readTree(response.body()).get("budgetSource").asText()).isEqualTo("code");
	}

	@Test
	void theDeadlinesEndpointShowsWhereATimedOutRequestSpentItsTime() throws Exception {
		HttpResponse<String> response = server().get("/deadline/sleep?millis=10000", HEADER, "250");
		assertThat(response.statusCode()).isEqualTo(504);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode list = JSON.readTree(server().get("/actuator/deadlines").body());
		assertThat(list.get("timedOut").asInt()).isPositive();
		JsonNode summary = null;
		for (JsonNode request : list.get("requests")) {
			if (traceId.equals(request.get("traceId").asText())) {
				summary = request;
			}
		}
		assertThat(summary).isNotNull();
		assertThat(summary.get("route").asText()).isEqualTo("/deadline/sleep");
		assertThat(summary.get("status").asInt()).isEqualTo(504);
		assertThat(summary.get("timedOut").asBoolean()).isTrue();
		assertThat(summary.get("phase").asText()).isEqualTo("handler");
		HttpResponse<String> one = server().get("/actuator/deadlines/" + traceId);
		assertThat(one.statusCode()).isEqualTo(200);
		JsonNode record = JSON.readTree(one.body());
		assertThat(record.get("budgetMs").asLong()).isEqualTo(250);
		assertThat(record.get("budgetSource").asText()).isEqualTo("header X-Request-Timeout-Ms");
		assertThat(server().get("/actuator/deadlines/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
	}

	private void assertTheNextRequestOnTheThreadIsNotInterrupted() throws Exception {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> next = server().get("/deadline/remaining");
			assertThat(next.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(next.body()).get("interrupted").asBoolean()).isFalse();
		}
	}

	private double invalidCount(String reason) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(MicrometerDeadlineMetrics.INVALID_HEADER)
			.tags("header", HEADER, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}


}
