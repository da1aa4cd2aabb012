package io.middlewaretrace.web;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code middleware.errors.problem-details=true} an application opts in to the starter's
 * answer: every exception that escapes a handler or a filter becomes problem+json with the trace
 * id, whatever the client accepts, instead of going to the application's error page.
 */
@WithObservability
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger",
				"middleware.errors.problem-details=true" })
class ProblemDetailsOptInServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	private JsonLogCapture accessLog;

	private JsonLogCapture filterLog;

	@BeforeEach
	void capture() {
		this.accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
		this.filterLog = JsonLogCapture.of(MiddlewareTraceFilter.class.getName());
	}

	@AfterEach
	void release() {
		this.accessLog.close();
		this.filterLog.close();
	}

	@Test
	void exceptionFromHandlerBecomesProblemJsonWithTraceIdAndOneTracedErrorLine() throws Exception {
		HttpResponse<String> response = server().get("/api/boom", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(500);
		assertThat(problem.path("traceId").asText()).isEqualTo(traceId);
		assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException")
			.doesNotContain("at io.");
		JsonNode error = this.filterLog.awaitField("traceId", traceId);
		assertThat(error.path("level").asText()).isEqualTo("ERROR");
		assertThat(error.path("stack_trace").asText()).contains("IllegalStateException");
		assertThat(error.path("route").asText()).isEqualTo("/api/boom");
		assertThat(this.accessLog.awaitField("trace_id", traceId).path("http_status").asInt()).isEqualTo(500);
	}

	@Test
	void exceptionFromFilterBecomesProblemJsonWithTraceId() throws Exception {
		HttpResponse<String> response = server().get("/filter-boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(JSON.readTree(response.body()).path("traceId").asText()).isEqualTo(traceId);
		assertThat(response.body()).doesNotContain("hunter2");
		assertThat(this.filterLog.awaitField("traceId", traceId).path("level").asText()).isEqualTo("ERROR");
		assertThat(this.accessLog.awaitField("trace_id", traceId).path("http_route").asText()).isEqualTo("UNKNOWN");
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
