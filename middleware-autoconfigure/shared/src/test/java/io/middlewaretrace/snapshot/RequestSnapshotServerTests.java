package io.middlewaretrace.snapshot;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.stage.StageTestConfiguration;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed request's record carries a redacted snapshot of what it was; the middleware endpoint
 * masks every value unless show-values allows them, and no secret reaches any output.
 */
class RequestSnapshotServerTests {

	static final ObjectMapper JSON = new ObjectMapper();

	static final List<String> SECRETS = List.of("tok-secret-123", "cookie-secret", "query-secret", "hunter2-body",
			"key-secret");

	static HttpResponse<String> failingRequest(LocalServer server) throws Exception {
		return server.send(HttpRequest
			.newBuilder(server.uri("/api/fail?access_token=query-secret&visible=yes"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer tok-secret-123")
			.header("Cookie", "session=cookie-secret")
			.header("X-Api-Key", "key-secret")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"rex\",\"password\":\"hunter2-body\"}"))
			.build());
	}

	static JsonNode record(LocalServer server, String traceId) throws Exception {
		for (int i = 0; i < 100; i++) {
			HttpResponse<String> response = server.get("/actuator/middleware/" + traceId);
			if (response.statusCode() == 200) {
				assertThat(response.body()).doesNotContain(SECRETS);
				return JSON.readTree(response.body());
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no record for " + traceId);
	}

	@Nested
	@WithObservability
	@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=middleware,anomalies",
					"management.endpoint.middleware.show-values=always", "middleware.access-log.output=logger",
					"spring.mvc.problemdetails.enabled=true" })
	class ValuesShown {

		@LocalServerPort
		private int port;

		@Autowired
		private MeterRegistry meters;

		@Test
		void aFailedRequestKeepsARedactedSnapshot() throws Exception {
			LocalServer server = new LocalServer(this.port);
			try (JsonLogCapture accessLog = JsonLogCapture.of("middleware.access")) {
				HttpResponse<String> response = failingRequest(server);
				assertThat(response.statusCode()).isEqualTo(500);
				String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
				JsonNode snapshot = record(server, traceId).path("snapshot");
				assertThat(snapshot.path("method").asText()).isEqualTo("POST");
				// what the client sent, not the error page the container dispatched to
				assertThat(snapshot.path("uri").asText()).startsWith("/api/fail?")
					.contains("access_token=******")
					.contains("visible=yes");
				JsonNode headers = snapshot.path("requestHeaders");
				assertThat(headers.toString()).contains("\"******\"");
				assertThat(snapshot.path("requestBody").path("text").asText()).contains("\"name\":\"rex\"")
					.contains("\"password\":\"******\"");
				assertThat(snapshot.path("status").asInt()).isEqualTo(500);
				assertThat(snapshot.path("responseBody").path("text").asText()).contains(traceId);
				// no secret in any other output either
				assertThat(accessLog.awaitField("trace_id", traceId).toString()).doesNotContain(SECRETS);
				assertThat(server.get("/actuator/anomalies").body()).doesNotContain(SECRETS);
				for (Meter meter : this.meters.getMeters()) {
					for (Tag tag : meter.getId().getTags()) {
						assertThat(tag.getValue()).doesNotContain(SECRETS);
					}
				}
			}
		}

	}

	@Nested
	@WithObservability
	@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=middleware",
					"middleware.access-log.enabled=false", "middleware.access-log.slow-threshold=0ms" })
	class ValuesNotShown {

		@LocalServerPort
		private int port;

		@Test
		void theEndpointMasksEveryValueByDefault() throws Exception {
			LocalServer server = new LocalServer(this.port);
			HttpResponse<String> response = failingRequest(server);
			JsonNode snapshot = record(server, response.headers().firstValue("X-Trace-Id").orElseThrow())
				.path("snapshot");
			assertThat(snapshot.path("uri").asText()).contains("visible=******");
			assertThat(snapshot.path("requestBody").path("text").isMissingNode()
					|| snapshot.path("requestBody").path("text").isNull())
				.isTrue();
			assertThat(snapshot.path("requestBody").path("bytesSeen").asLong()).isPositive();
		}

		@Test
		void aStreamedResponsePassesWhileItsCaptureStaysBounded() throws Exception {
			LocalServer server = new LocalServer(this.port);
			HttpResponse<String> response = server.get("/api/stream");
			assertThat(response.body()).hasSize(64 * 8192);
			// every request is slow with a 0 ms threshold, so this one has a snapshot
			JsonNode body = record(server, response.headers().firstValue("X-Trace-Id").orElseThrow()).path("snapshot")
				.path("responseBody");
			assertThat(body.path("bytesSeen").asLong()).isEqualTo(64 * 8192);
			assertThat(body.path("truncated").asBoolean()).isTrue();
		}

	}

}
