package io.middlewaretrace.stage;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
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
 * With {@code middleware.stage-trace.log-stages=true} and the logger at DEBUG, each stage's
 * enter and exit is a JSON line with structured fields.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.stage-trace.enabled=true", "middleware.stage-trace.log-stages=true",
				"logging.level.middleware.stage=DEBUG", "middleware.access-log.enabled=false",
				"management.tracing.sampling.probability=1.0" })
class StageLogServerTests {

	@LocalServerPort
	private int port;

	@Test
	void writesOneLinePerStageEnterAndExit() throws Exception {
		try (JsonLogCapture stages = JsonLogCapture.of(StageLogObserver.LOGGER)) {
			HttpResponse<String> response = new LocalServer(this.port).get("/api/owners/5");
			String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
			JsonNode exit = stages.await((line) -> traceId.equals(line.path("trace_id").asText())
					&& "betaFilter".equals(line.path("stage").asText()) && "EXIT".equals(line.path("event").asText()));
			assertThat(exit.path("outcome").asText()).isEqualTo("CONTINUED");
			assertThat(exit.path("stage_type").asText()).isEqualTo("FILTER");
			assertThat(exit.path("duration_us").isNumber()).isTrue();
			assertThat(stages.lines()).anySatisfy((line) -> assertThat(line.path("stage").asText())
				.isEqualTo("TestController#owner"));
		}
	}

}
