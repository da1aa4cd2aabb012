package io.middlewaretrace.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true}, Spring Boot builds the application executor
 * on virtual threads (Java 21+; on Java 17 it keeps platform threads): the request context
 * crosses into its tasks either way, and on Java 21+ the task really ran on a virtual thread.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, TaskPropagationTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "management.tracing.sampling.probability=1.0",
				"spring.threads.virtual.enabled=true" })
class VirtualThreadTaskPropagationServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Test
	void theContextCrossesIntoVirtualThreadTasks() throws Exception {
		JsonNode seen = JSON.readTree(new LocalServer(this.port).get("/tasks/async", "X-Request-Timeout-Ms", "5000")
			.body());
		TaskPropagationServerTests.assertCrossed(seen);
		assertThat(seen.get("virtual").asBoolean()).isEqualTo(Runtime.version().feature() >= 21);
	}

}
