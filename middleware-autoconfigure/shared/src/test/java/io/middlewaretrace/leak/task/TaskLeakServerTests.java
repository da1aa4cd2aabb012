package io.middlewaretrace.leak.task;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.leak.MicrometerLeakMetrics;
import io.middlewaretrace.leakapp.TaskLeakTestApplication;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real embedded Tomcat: a task started by a request on the application executor, or with
 * {@code @Async}, that keeps running past the threshold after the request ended is listed with
 * the request's trace id and route, its thread and its current stack, counted, and shown as
 * finished once it ends; a task that ends within the threshold is not.
 */
@WithObservability
@SpringBootTest(classes = TaskLeakTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.enabled=false",
				"middleware.leaks.tasks.threshold=200ms", "middleware.leaks.sweep-interval=50ms",
				"spring.task.execution.pool.core-size=4" })
class TaskLeakServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskLeaks tasks;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void hold() {
		TaskLeakTestApplication.release = new CountDownLatch(1);
	}

	@AfterEach
	void release() {
		TaskLeakTestApplication.release.countDown();
	}

	@Test
	void aTaskRunningPastTheThresholdAfterItsRequestIsListedWithTheRequestAndItsStack() throws Exception {
		String traceId = start("/tasks/leak");
		JsonNode leak = await(() -> leakOf(traceId));
		assertThat(leak.get("route").asText()).isEqualTo("/tasks/leak");
		assertThat(leak.get("thread").asText()).startsWith("task-");
		assertThat(leak.get("runningAfterRequestMs").asLong()).isGreaterThanOrEqualTo(200);
		assertThat(leak.get("finished").asBoolean()).isFalse();
		assertThat(Instant.parse(leak.get("found").asText())).isBefore(Instant.now().plusSeconds(1));
		assertThat(leak.get("frames").get(0).asText()).contains("TaskLeakTestApplication.holdUntilReleased");
		assertThat(this.tasks.health().leaking()).isTrue();
		assertThat(describe().get("running").toString()).contains(traceId);
		assertThat(this.meters.get(MicrometerLeakMetrics.LEAKS).tag("kind", "task").tag("route", "/tasks/leak")
			.counter().count()).isEqualTo(1.0);
		TaskLeakTestApplication.release.countDown();
		await(() -> leakOf(traceId).get("finished").asBoolean() ? leakOf(traceId) : null);
		assertThat(Instant.parse(leakOf(traceId).get("finishedAt").asText()))
			.isAfterOrEqualTo(Instant.parse(leakOf(traceId).get("found").asText()));
		await(() -> this.tasks.health().leaking() ? null : describe());
		assertThat(describe().get("running").toString()).doesNotContain(traceId);
	}

	@Test
	void anAsyncMethodRunningPastTheThresholdIsListedWithItsRequest() throws Exception {
		String traceId = start("/tasks/async-leak");
		JsonNode leak = await(() -> leakOf(traceId));
		assertThat(leak.get("route").asText()).isEqualTo("/tasks/async-leak");
		assertThat(leak.get("frames").toString()).contains("TaskLeakTestApplication.holdUntilReleased")
			.contains("AsyncWork.holdAsync");
	}

	@Test
	void aTaskEndingWithinTheThresholdIsNotListed() throws Exception {
		String traceId = start("/tasks/brief");
		Thread.sleep(600);
		assertThat(leakOf(traceId)).isNull();
		assertThat(describe().get("running").toString()).doesNotContain(traceId);
	}

	private String start(String path) throws Exception {
		var response = new LocalServer(this.port).get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("X-Trace-Id").orElseThrow();
	}

	private JsonNode describe() {
		return JSON.valueToTree(this.tasks.describe(false));
	}

	private JsonNode leakOf(String traceId) {
		for (JsonNode leak : describe().get("leaked")) {
			if (traceId.equals(leak.get("traceId").asText())) {
				return leak;
			}
		}
		return null;
	}

	static <T> T await(Supplier<T> condition) throws InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < deadline) {
			T value = condition.get();
			if (value != null) {
				return value;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("condition not met within 5 s");
	}

}
