package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's middleware demos, as a user would try them with curl: the broken filter, the late
 * status, the secured admin endpoint, the stream, and what the actuator says about them.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MiddlewareDemoTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

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
