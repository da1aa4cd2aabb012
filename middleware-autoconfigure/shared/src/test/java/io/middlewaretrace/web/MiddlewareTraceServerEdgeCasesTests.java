package io.middlewaretrace.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.middlewaretrace.testapp.AccessLogFileServerTest;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server with the starter's own JSON file appender, no error page (so the container
 * answers {@code sendError} without an ERROR dispatch) and only the {@code X-Trace-Id} header.
 */
@WithObservability
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=file",
				"middleware.trace.response-headers=x-trace-id",
				"spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration" })
class MiddlewareTraceServerEdgeCasesTests extends AccessLogFileServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void jsonLinesGoToTheConfiguredFile() throws Exception {
		HttpResponse<String> response = server().get("/api/owners/4");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = awaitLine(traceId);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/owners/{id}");
		assertThat(line.path("http_status").asInt()).isEqualTo(200);
		assertThat(line.path("logger_name").asText()).isEqualTo("middleware.access");
		assertThat(line.has("traceId")).as("MDC keys are not repeated in access-log lines").isFalse();
	}

	@Test
	void onlyTheConfiguredResponseHeaderIsSent() throws Exception {
		HttpResponse<String> response = server().get("/api/owners/4");
		assertThat(response.headers().firstValue("X-Trace-Id")).isPresent();
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
	}

	@Test
	void sendErrorWithoutErrorPageIsStillLoggedOnce() throws Exception {
		HttpResponse<String> response = server().get("/api/teapot");
		assertThat(response.statusCode()).isEqualTo(418);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = awaitLine(traceId);
		assertThat(line.path("http_status").asInt()).isEqualTo(418);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/teapot");
		Thread.sleep(200);
		assertThat(lines()).filteredOn((l) -> traceId.equals(l.path("trace_id").asText())).hasSize(1);
	}

	private JsonNode awaitLine(String traceId) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (JsonNode line : lines()) {
				if (traceId.equals(line.path("trace_id").asText())) {
					return line;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no line for " + traceId + " in " + lines());
	}

	private List<JsonNode> lines() throws Exception {
		Path file = logs.resolve("access.log");
		if (!Files.exists(file)) {
			return List.of();
		}
		return Files.readAllLines(file).stream().filter((l) -> !l.isBlank()).map((l) -> {
			try {
				return JSON.readTree(l);
			}
			catch (Exception ex) {
				throw new IllegalStateException("not JSON: " + l, ex);
			}
		}).toList();
	}

}
