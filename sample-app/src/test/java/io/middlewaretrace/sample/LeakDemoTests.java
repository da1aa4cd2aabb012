package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's leak demos, as the README's curl lines run them: each leak is found, named after
 * its request, and the leaked connection is reclaimed 3 s after its request.
 */
@ClinicObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:clinic-leaks;DB_CLOSE_DELAY=-1",
				"middleware.leaks.sweep-interval=100ms", "middleware.leaks.tasks.threshold=300ms",
				"middleware.leaks.connections.reclaim.grace-period=500ms" })
class LeakDemoTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void aLeakedConnectionIsNamedAfterItsRequestAndReclaimed() throws Exception {
		String traceId = JSON.readTree(get("/api/leak").body()).path("traceId").asText();
		JsonNode pool = awaitLeaks((leaks) -> hasTrace(pool(leaks).path("reclaimed"), traceId)).path("sources")
			.path("connections")
			.path("pools")
			.path("dataSource");
		JsonNode leaked = find(pool.path("leaked"), traceId);
		assertThat(leaked.path("route").asText()).isEqualTo("/api/leak");
		assertThat(leaked.path("frames").get(0).asText()).startsWith("io.middlewaretrace.sample.LeakDemoController.leak(");
		assertThat(pool.path("held")).noneMatch((held) -> traceId.equals(held.path("traceId").asText()));
		// the slot came back: five more borrows in a row still work on a pool of five
		for (int i = 0; i < 5; i++) {
			assertThat(get("/api/owners/1").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aTaskOutlivingItsRequestIsListedWithItsStack() throws Exception {
		String traceId = JSON.readTree(get("/api/task-leak?seconds=2").body()).path("traceId").asText();
		JsonNode leaks = awaitLeaks((candidate) -> hasTrace(candidate.path("sources").path("tasks").path("leaked"),
				traceId));
		JsonNode task = find(leaks.path("sources").path("tasks").path("leaked"), traceId);
		assertThat(task.path("route").asText()).isEqualTo("/api/task-leak");
		assertThat(task.path("frames").get(0).asText()).startsWith("io.middlewaretrace.sample.ClinicTasks.keepWorking(");
	}

	@Test
	void anMdcEntryLeftBehindIsReportedWithItsValueAndCleared() throws Exception {
		String traceId = JSON.readTree(get("/api/mdc-leak").body()).path("traceId").asText();
		JsonNode leak = find(JSON.readTree(get("/actuator/leaks").body()).path("sources").path("mdc").path("recent"),
				traceId);
		assertThat(leak.path("keys")).extracting(JsonNode::asText).containsExactly("tenant");
		assertThat(leak.path("values").path("tenant").asText()).isEqualTo("leaky-tenant-42");
		assertThat(leak.path("cleared").asBoolean()).isTrue();
	}

	@Test
	void healthReportsLeaksWithoutGoingDown() throws Exception {
		get("/api/mdc-leak");
		JsonNode health = JSON.readTree(get("/actuator/health").body());
		assertThat(health.path("status").asText()).isEqualTo("UP");
		JsonNode leaks = health.path("components").path("leaks");
		assertThat(leaks.path("status").asText()).isEqualTo("UP");
		assertThat(leaks.path("details").path("mdc").path("foundAtRequestEnd").asInt()).isPositive();
		assertThat(leaks.path("details").path("connections").path("dataSource").path("max").asInt()).isEqualTo(5);
	}

	@Test
	void healingIsAWriteOperation() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/leaks"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("sources").path("connections").path("dataSource")
			.path("softEvicted").asBoolean()).isTrue();
	}

	private static JsonNode pool(JsonNode leaks) {
		return leaks.path("sources").path("connections").path("pools").path("dataSource");
	}

	private JsonNode awaitLeaks(Predicate<JsonNode> condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		JsonNode leaks = JSON.readTree(get("/actuator/leaks").body());
		while (!condition.test(leaks) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			leaks = JSON.readTree(get("/actuator/leaks").body());
		}
		assertThat(condition.test(leaks)).as("leaks endpoint: %s", leaks).isTrue();
		return leaks;
	}

	private static boolean hasTrace(JsonNode records, String traceId) {
		for (JsonNode record : records) {
			if (traceId.equals(record.path("traceId").asText())) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode find(JsonNode records, String traceId) {
		for (JsonNode record : records) {
			if (traceId.equals(record.path("traceId").asText())) {
				return record;
			}
		}
		throw new AssertionError("No record of trace " + traceId + " in " + records);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
