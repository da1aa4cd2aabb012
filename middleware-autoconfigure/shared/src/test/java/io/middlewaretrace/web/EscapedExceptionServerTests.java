package io.middlewaretrace.web;

import java.io.IOException;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An escaped exception goes to Boot's error page as without the starter, but the one ERROR line
 * about it is traced: the starter hands the exception to the error page itself instead of
 * letting the container log it outside the trace.
 */
@WithObservability
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger" })
class EscapedExceptionServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	private JsonLogCapture rootLog;

	@BeforeEach
	void capture() {
		this.rootLog = JsonLogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	@AfterEach
	void release() {
		this.rootLog.close();
	}

	@Test
	void escapedExceptionReachesBootsErrorPageAndEveryErrorLineIsTraced() throws Exception {
		HttpResponse<String> response = server().get("/api/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("path").asText()).isEqualTo("/api/boom");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(body.path("traceId").asText()).isEqualTo(traceId);
		this.rootLog.awaitField("traceId", traceId);
		Thread.sleep(200);
		assertThat(this.rootLog.lines()).filteredOn((l) -> "ERROR".equals(l.path("level").asText()))
			.hasSize(1)
			.allSatisfy((l) -> assertThat(l.path("traceId").asText()).isEqualTo(traceId));
	}

	@Test
	void failureAfterCommitIsLoggedWithTheTraceIdAndTheResponseIsNotCompletedNormally() throws Exception {
		String traceId;
		try {
			HttpResponse<String> response = server().get("/api/fail-after-commit");
			traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
			assertThat(response.body()).isEqualTo("partial");
		}
		catch (IOException truncated) {
			traceId = null;
		}
		JsonNode ours = this.rootLog.await((l) -> l.path("message").asText().contains("after the response was committed")
				&& l.path("traceId").asText().matches("[0-9a-f]{32}"));
		if (traceId != null) {
			assertThat(ours.path("traceId").asText()).isEqualTo(traceId);
		}
		String id = ours.path("traceId").asText();
		// the application's own exception, not one of the starter's response wrapper (Spring MVC
		// clears Content-Type on the committed response before it resolves the exception)
		assertThat(ours.path("stack_trace").asText()).contains("late failure")
			.doesNotContain("NullPointerException");
		Thread.sleep(200);
		assertThat(this.rootLog.lines()).filteredOn((l) -> "ERROR".equals(l.path("level").asText()))
			.isNotEmpty()
			.allSatisfy((l) -> assertThat(id.equals(l.path("traceId").asText())
					|| l.toString().contains("traceId=" + id)).as(l.toString()).isTrue());
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
