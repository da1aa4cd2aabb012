package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic as a user runs it: seeded H2, JSON on standard output, every actuator endpoint.
 */
@ClinicObservability
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ClinicApplicationTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void servesSeededOwnersAndLogsOneJsonAccessLineWithTheRoutePattern(CapturedOutput output) throws Exception {
		for (int id = 1; id <= 10; id++) {
			HttpResponse<String> response = get("/api/owners/" + id);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body()).path("id").asInt()).isEqualTo(id);
		}
		HttpResponse<String> response = get("/api/owners/3");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = awaitJsonLine(output, "\"trace_id\":\"" + traceId + "\"");
		assertThat(line.path("logger_name").asText()).isEqualTo("middleware.access");
		assertThat(line.path("http_route").asText()).isEqualTo("/api/owners/{id}");
		assertThat(line.path("http_status").asInt()).isEqualTo(200);
	}

	@Test
	void unknownOwnerIsA404ProblemWithTheTraceId() throws Exception {
		HttpResponse<String> response = get("/api/owners/42");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("detail").asText()).isEqualTo("No owner with id 42");
		assertThat(problem.path("traceId").asText()).isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
	}

	@Test
	void boomIsA500ProblemAndATracedJsonErrorLine(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/api/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(JSON.readTree(response.body()).path("traceId").asText()).isEqualTo(traceId);
		assertThat(response.body()).doesNotContain("billing");
		JsonNode error = awaitJsonLine(output, "\"level\":\"ERROR\"");
		assertThat(error.path("traceId").asText()).isEqualTo(traceId);
		assertThat(error.path("route").asText()).isEqualTo("/api/boom");
		assertThat(error.path("stack_trace").asText()).contains("billing system is unreachable");
	}

	@Test
	void exposesActuatorWithHealthDetails() throws Exception {
		JsonNode health = JSON.readTree(get("/actuator/health").body());
		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("details").path("database").asText()).isEqualTo("H2");
		assertThat(get("/actuator/metrics/middleware.inbound.traceparent.invalid").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode awaitJsonLine(CapturedOutput output, String fragment) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : output.getOut().split("\n")) {
				if (line.startsWith("{") && line.contains(fragment)) {
					return JSON.readTree(line);
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no JSON line containing " + fragment + " in standard output");
	}

}
