package io.middlewaretrace.leak.mdc;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.leak.MicrometerLeakMetrics;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real embedded Tomcat with one request thread, so every request lands on the thread the
 * previous one left: MDC entries a handler leaves are found at the end of its request, with its
 * trace id, and cleared; an entry an outer filter leaves is found when the next request starts
 * and blamed on the previous one; ignored keys, redacted values and an outer filter's own
 * put-and-remove are respected.
 */
@WithObservability
@SpringBootTest(classes = MdcLeakTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		// one pooled platform thread serves every request, also where the build runs the suite
		// with virtual threads (a virtual thread per request carries no MDC over to the next)
		properties = { "spring.threads.virtual.enabled=false", "server.tomcat.threads.max=1",
				"server.tomcat.threads.min-spare=1",
				"management.tracing.sampling.probability=1.0", "middleware.access-log.enabled=false",
				"middleware.leaks.mdc.ignored-keys=tolerated", "management.endpoint.leaks.show-values=always",
				"management.endpoints.web.exposure.include=leaks" })
class MdcLeakServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private MdcLeaks leaks;

	@Autowired
	private MeterRegistry meters;

	@Test
	void entriesAHandlerLeavesAreFoundAtRequestEndWithItsTraceIdAndCleared() throws Exception {
		HttpResponse<String> leak = get("/mdc/leak");
		String traceId = leak.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode seenByNext = JSON.readTree(get("/mdc/peek").body());
		assertThat(seenByNext.get("@thread").asText()).isEqualTo(JSON.readTree(leak.body()).get("@thread").asText());
		assertThat(seenByNext.has("tenant")).isFalse();
		assertThat(seenByNext.has("apiToken")).isFalse();
		JsonNode found = leakOf(traceId);
		assertThat(found.get("found").asText()).isEqualTo("request-end");
		assertThat(Instant.parse(found.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
		assertThat(found.get("route").asText()).isEqualTo("/mdc/leak");
		assertThat(found.get("cleared").asBoolean()).isTrue();
		assertThat(keys(found)).containsExactlyInAnyOrder("tenant", "apiToken");
		assertThat(this.meters.get(MicrometerLeakMetrics.LEAKS).tag("kind", "mdc").tag("route", "/mdc/leak").counter()
			.count()).isPositive();
	}

	@Test
	void ignoredKeysAreNeitherReportedNorCleared() throws Exception {
		String traceId = get("/mdc/leak").headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(keys(leakOf(traceId))).doesNotContain("tolerated");
		assertThat(JSON.readTree(get("/mdc/peek").body()).get("tolerated").asText()).isEqualTo("kept");
	}

	@Test
	void redactedValuesAreNeverShownEvenWhenValuesAre() throws Exception {
		String traceId = get("/mdc/leak").headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode values = leakOf(traceId).get("values");
		assertThat(values.get("tenant").asText()).isEqualTo("leaky-tenant-42");
		assertThat(values.has("apiToken")).isFalse();
		assertThat(get("/actuator/leaks").body()).contains("leaky-tenant-42").doesNotContain("s3cr3t-value");
	}

	@Test
	void anEntryAnOuterFilterLeavesIsFoundWhenTheNextRequestStartsAndBlamedOnThePreviousRequest() throws Exception {
		String traceId = get("/mdc/outer-leak").headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode next = JSON.readTree(get("/mdc/peek").body());
		assertThat(next.has("outerLeak")).isFalse();
		JsonNode found = leakOf(traceId);
		assertThat(found.get("found").asText()).isEqualTo("next-request-start");
		assertThat(found.get("route").asText()).isEqualTo("/mdc/outer-leak");
		assertThat(keys(found)).containsExactly("outerLeak");
	}

	@Test
	void anOuterFilterThatPutsAndRemovesItsOwnEntryAndATidyHandlerAreNoLeak() throws Exception {
		String first = get("/mdc/tidy").headers().firstValue("X-Trace-Id").orElseThrow();
		String second = get("/mdc/tidy").headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode third = JSON.readTree(get("/mdc/peek").body());
		assertThat(third.get("requestTag").asText()).startsWith("tag-");
		assertThat(third.has("tenant")).isFalse();
		assertThat(leakOfOrNull(first)).isNull();
		assertThat(leakOfOrNull(second)).isNull();
		for (JsonNode leak : recent()) {
			assertThat(keys(leak)).doesNotContain("requestTag");
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private JsonNode recent() {
		return JSON.valueToTree(this.leaks.describe(true)).get("recent");
	}

	private JsonNode leakOf(String traceId) {
		JsonNode leak = leakOfOrNull(traceId);
		assertThat(leak).as("MDC leak of trace " + traceId + " in " + recent()).isNotNull();
		return leak;
	}

	private JsonNode leakOfOrNull(String traceId) {
		for (JsonNode leak : recent()) {
			if (traceId.equals(leak.get("traceId").asText())) {
				return leak;
			}
		}
		return null;
	}

	private static List<String> keys(JsonNode leak) {
		return JSON.convertValue(leak.get("keys"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
	}

}
