package io.middlewaretrace.context;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request context, with its trace and deadline, crosses into {@code @Async} methods and
 * {@code CompletableFuture}s on the application executor, next to the application's own task
 * decorator, and is gone from the pool thread afterwards.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, TaskPropagationTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "management.tracing.sampling.probability=1.0",
				"spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1" })
class TaskPropagationServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private AsyncTaskExecutor applicationTaskExecutor;

	@Test
	void anAsyncMethodSeesTheRequestTraceAndDeadlineAndTheApplicationDecoratorStillApplies() throws Exception {
		assertCrossed(JSON.readTree(new LocalServer(this.port).get("/tasks/async", "X-Request-Timeout-Ms", "5000")
			.body()));
		assertThePoolThreadIsClean();
	}

	@Test
	void aCompletableFutureOnTheApplicationExecutorSeesTheRequest() throws Exception {
		assertCrossed(JSON.readTree(new LocalServer(this.port).get("/tasks/future", "X-Request-Timeout-Ms", "5000")
			.body()));
		assertThePoolThreadIsClean();
	}

	static void assertCrossed(JsonNode seen) {
		assertThat(seen.get("traceId").asText()).hasSize(32).isEqualTo(seen.get("requestTraceId").asText());
		assertThat(seen.get("remainingMs").asLong()).isBetween(1L, 5000L);
		assertThat(seen.get("marker").asText()).isEqualTo("decorated");
		assertThat(seen.get("thread").asText()).doesNotContain("http-nio");
	}

	private void assertThePoolThreadIsClean() throws Exception {
		Callable<Map<String, Object>> probe = TaskPropagationTestConfiguration::seen;
		Map<String, Object> after = this.applicationTaskExecutor.submit(probe).get();
		assertThat(after.get("traceId")).isNull();
		assertThat(after.get("remainingMs")).isEqualTo(-1L);
	}

}
