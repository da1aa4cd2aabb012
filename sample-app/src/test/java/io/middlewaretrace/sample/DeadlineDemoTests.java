package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's deadline demos, as the README's curl lines run them.
 */
@ClinicObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DeadlineDemoTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void anEchoSlowerThanTheCallersBudgetIsAnswered504() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = get("/api/echo?delayMs=5000", "X-Request-Timeout-Ms", "300");
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_000);
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("route").asText()).isEqualTo("/api/echo");
		assertThat(problem.path("budgetMs").asLong()).isEqualTo(300);
		assertThat(problem.path("phase").asText()).isEqualTo("handler");
		JsonNode deadlines = JSON.readTree(get("/actuator/deadlines").body());
		assertThat(deadlines.path("timedOut").asInt()).isPositive();
	}

	@Test
	void theAsyncTaskSeesTheRequestsTraceAndBudget() throws Exception {
		JsonNode result = JSON.readTree(get("/api/async").body());
		assertThat(result.path("task").path("traceId").asText()).hasSize(32)
			.isEqualTo(result.path("requestTraceId").asText());
		assertThat(result.path("task").path("remainingMs").asLong()).isBetween(1L, 10_000L);
		assertThat(result.path("task").path("thread").asText()).doesNotStartWith("http-nio");
	}

	@Test
	void theDownstreamCallReachesTheEcho() throws Exception {
		HttpResponse<String> response = get("/api/downstream?delayMs=10");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode result = JSON.readTree(response.body());
		assertThat(result.path("budgetMs").asLong()).isEqualTo(10_000);
		JsonNode saw = result.path("downstreamSaw");
		assertThat(saw.path("delayedMs").asLong()).isEqualTo(10);
		// the remaining budget, minus the margin, went along with the trace
		assertThat(Long.parseLong(saw.path("receivedTimeoutMs").asText())).isBetween(1L, 10_000L);
		assertThat(saw.path("traceId").asText()).isEqualTo(result.path("traceId").asText());
		assertThat(saw.path("traceparent").asText()).contains(result.path("traceId").asText());
	}

	@Test
	void aDownstreamCallSlowerThanTheBudgetIsCutAndAnswered504() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = get("/api/downstream?delayMs=5000", "X-Request-Timeout-Ms", "500");
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_500);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).path("phase").asText()).isEqualTo("http.call");
	}

	@Test
	void theSlowQueryTakesAsLongAsAsked() throws Exception {
		HttpResponse<String> response = get("/api/slow-query?seconds=0.3");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("tookMs").asLong()).isBetween(300L, 5_000L);
		assertThat(get("/api/slow-query?seconds=-1").statusCode()).isEqualTo(400);
		assertThat(get("/api/slow-query?seconds=NaN").statusCode()).isEqualTo(400);
	}

	@Test
	void aNegativeDelayIsABadRequest() throws Exception {
		assertThat(get("/api/echo?delayMs=-1").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
