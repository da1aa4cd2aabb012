package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's middleware demos, as a user would try them with curl: the broken filter, the late
 * status, the secured admin endpoint, the stream, and what the actuator says about them.
 */
@ClinicObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MiddlewareDemoTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void theBrokenFilterIsNamedInTheAnomaliesEndpoint() throws Exception {
		HttpResponse<String> response = get("/api/broken");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		JsonNode anomaly = awaitAnomaly("BROKEN_CHAIN", traceId(response));
		assertThat(anomaly.path("source").asText()).isEqualTo("maintenanceFilter");
	}

	@Test
	void theLateStatusIsCaughtWithTheLineThatSetIt() throws Exception {
		HttpResponse<String> response = get("/api/late-status");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode anomaly = awaitAnomaly("CHANGE_AFTER_COMMIT", traceId(response));
		assertThat(anomaly.path("callerFrame").asText()).contains("MiddlewareDemoController.lateStatus");
	}

	@Test
	void theClinicsOwnParticipantCountsASlowRequestWithTheApiVersionItsInterceptorAttached() throws Exception {
		double before = slowRequests("/api/echo");
		assertThat(get("/api/echo?delayMs=400").statusCode()).isEqualTo(200);
		assertThat(get("/api/echo").statusCode()).isEqualTo(200);
		assertThat(slowRequests("/api/echo")).isEqualTo(before + 1);
	}

	private double slowRequests(String route) {
		Counter counter = this.meters.find("clinic.requests.slow").tag("route", route).tag("api_version", "1").counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void theAdminEndpointNeedsTheAdminRole() throws Exception {
		assertThat(get("/api/admin/stats").statusCode()).isEqualTo(401);
		HttpResponse<String> authorized = this.http.send(request("/api/admin/stats")
			.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(authorized.statusCode()).isEqualTo(200);
	}

	@Test
	void streamsTheRequestedMebibytes() throws Exception {
		HttpResponse<byte[]> response = this.http.send(request("/api/stream?mb=3").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(3 * 1024 * 1024);
		assertThat(get("/api/stream?mb=-1").statusCode()).isEqualTo(400);
		assertThat(get("/api/stream?mb=99999").statusCode()).isEqualTo(400);
	}

	@Test
	void theHandlerGetsTheBodyTheInspectionFilterReadFirst() throws Exception {
		HttpResponse<String> response = this.http.send(request("/api/echo-body").header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("a body read twice"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("received").asText()).isEqualTo("a body read twice");
	}

	@Test
	void theMiddlewareEndpointShowsTheClinicsChainInOrder() throws Exception {
		JsonNode chain = JSON.readTree(get("/actuator/middleware").body());
		java.util.List<String> filters = new java.util.ArrayList<>();
		chain.path("filters").forEach((filter) -> filters.add(filter.path("name").asText()));
		assertThat(filters).containsSubsequence("springSecurityFilterChain", "auditFilter", "bodyInspectionFilter",
				"maintenanceFilter");
		JsonNode admin = JSON.readTree(get("/actuator/middleware?path=/api/admin/stats").body());
		assertThat(admin.toString()).contains("AuthorizationFilter").contains("MiddlewareDemoController");
	}

	@Test
	void aFailedRequestsStageTraceAndRedactedSnapshotAreOnTheEndpoint() throws Exception {
		HttpResponse<String> boom = this.http.send(request("/api/boom?access_token=query-secret")
			.header("Authorization", "Bearer header-secret")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(boom.statusCode()).isEqualTo(500);
		JsonNode record = awaitRecord(traceId(boom));
		assertThat(record.path("reasons").toString()).contains("FAILED").contains("TRACED");
		java.util.List<String> stages = new java.util.ArrayList<>();
		record.path("stages").forEach((stage) -> stages.add(stage.path("name").asText()));
		assertThat(stages).contains("auditFilter", "ApiVersionInterceptor.preHandle", "BoomController#boom",
				"exception-resolution");
		assertThat(record.toString()).doesNotContain("query-secret", "header-secret");
		assertThat(record.path("snapshot").path("uri").asText()).contains("access_token=******");
	}

	@Test
	void correctRequestsCauseNoAnomaly() throws Exception {
		HttpResponse<String> owner = get("/api/owners/1");
		HttpResponse<String> stream = get("/api/stream?mb=1");
		Thread.sleep(200);
		JsonNode latest = JSON.readTree(get("/actuator/anomalies").body()).path("latest");
		for (JsonNode anomaly : latest) {
			assertThat(anomaly.path("traceId").asText()).isNotIn(traceId(owner), traceId(stream));
		}
	}

	private JsonNode awaitAnomaly(String type, String traceId) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (JsonNode anomaly : JSON.readTree(get("/actuator/anomalies").body()).path("latest")) {
				if (anomaly.path("type").asText().equals(type) && anomaly.path("traceId").asText().equals(traceId)) {
					return anomaly;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no " + type + " anomaly for trace " + traceId);
	}

	private JsonNode awaitRecord(String traceId) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = get("/actuator/middleware/" + traceId);
			if (response.statusCode() == 200) {
				return JSON.readTree(response.body());
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no record for trace " + traceId);
	}

	private static String traceId(HttpResponse<?> response) {
		return response.headers().firstValue("X-Trace-Id").orElseThrow();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

}
