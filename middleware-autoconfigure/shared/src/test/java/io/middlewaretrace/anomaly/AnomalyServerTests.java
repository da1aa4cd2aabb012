package io.middlewaretrace.anomaly;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.stage.StageTestConfiguration;
import io.middlewaretrace.stage.StageTrace;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anomalies on a real embedded Tomcat with deep tracing off (the default): each anti-pattern is
 * caught and attributed, and correct code is never reported.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=anomalies", "spring.mvc.problemdetails.enabled=true" })
class AnomalyServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private AnomalyRegistry anomalies;

	@Autowired
	private StageTraceRepository traces;

	@Autowired
	private MeterRegistry meters;

	@Test
	void namesTheFilterThatBrokeTheChain() throws Exception {
		HttpResponse<String> response = server().get("/api/broken");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		Anomaly anomaly = awaitAnomaly(AnomalyType.BROKEN_CHAIN, traceId(response));
		assertThat(anomaly.source()).isEqualTo("forgetfulFilter");
		assertThat(anomaly.route()).isEqualTo("UNKNOWN");
		assertThat(this.meters.counter(AnomalyMetrics.COUNTER, "type", "BROKEN_CHAIN").count()).isPositive();
		// kept among the notable requests even though deep tracing is off
		StageTrace trace = awaitTrace(traceId(response));
		assertThat(trace.reasons()).contains(StageTrace.Reason.ANOMALY);
		assertThat(trace.anomalies()).containsExactly("BROKEN_CHAIN");
		assertThat(trace.stages()).isEmpty();
	}

	@Test
	void reportsAStatusChangedAfterTheBodyWasFlushedWithTheCallerFrame() throws Exception {
		HttpResponse<String> response = server().get("/api/late-status");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("body first");
		Anomaly anomaly = awaitAnomaly(AnomalyType.CHANGE_AFTER_COMMIT, traceId(response));
		assertThat(anomaly.callerFrame()).contains("StageTestController.lateStatus");
		assertThat(anomaly.detail()).contains("setStatus(503)");
		assertThat(anomaly.route()).isEqualTo("/api/late-status");
	}

	@Test
	void namesTheFilterAnExceptionEscapedFrom() throws Exception {
		HttpResponse<String> response = server().get("/filter-boom");
		assertThat(response.statusCode()).isEqualTo(500);
		// Boot's error body, as without the starter
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		Anomaly anomaly = awaitAnomaly(AnomalyType.FILTER_EXCEPTION, traceId(response));
		assertThat(anomaly.source()).isNotBlank().isNotEqualTo("middlewareTraceFilter");
		assertThat(anomaly.detail()).contains("IllegalStateException").doesNotContain("hunter2");
	}

	@Test
	void reportsNothingForCorrectMiddleware() throws Exception {
		LocalServer server = server();
		List<HttpResponse<String>> responses = List.of(server.get("/api/owners/3"), server.get("/api/entity"),
				server.get("/api/redirect"), server.get("/api/stream"), server.get("/api/answered"),
				server.get("/api/refused"), server.get("/api/owners/404"), server.get("/api/admin/secret"),
				server.get("/api/admin/secret", "Authorization",
						"Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes())),
				server.get("/api/callable/1"), server.get("/api/teapot"), server.get("/no-such-path"));
		assertThat(responses).extracting(HttpResponse::statusCode)
			.containsExactly(200, 200, 302, 200, 204, 403, 404, 401, 401, 200, 418, 404);
		assertThat(responses.get(3).body()).hasSize(64 * 8192);
		Thread.sleep(200);
		for (HttpResponse<String> response : responses) {
			String traceId = traceId(response);
			assertThat(this.anomalies.latest()).noneMatch((anomaly) -> traceId.equals(anomaly.traceId()));
		}
	}

	@Test
	void reportsFiltersSharingAnOrderValueAtStartup() {
		assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
			assertThat(anomaly.type()).isEqualTo(AnomalyType.ORDER_COLLISION);
			assertThat(anomaly.source()).contains("gammaFilter").contains("collidingFilter");
			assertThat(anomaly.traceId()).isNull();
		});
	}

	@Test
	void endpointShowsCountsAndLatestOccurrences() throws Exception {
		HttpResponse<String> broken = server().get("/api/broken");
		awaitAnomaly(AnomalyType.BROKEN_CHAIN, traceId(broken));
		HttpResponse<String> response = server().get("/actuator/anomalies");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("counts").path("BROKEN_CHAIN").asLong()).isPositive();
		assertThat(body.path("counts").has("ORDER_COLLISION")).isTrue();
		assertThat(body.path("latest")).anySatisfy((node) -> {
			assertThat(node.path("type").asText()).isEqualTo("BROKEN_CHAIN");
			assertThat(node.path("traceId").asText()).isEqualTo(traceId(broken));
			assertThat(node.path("source").asText()).isEqualTo("forgetfulFilter");
		});
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

	private static String traceId(HttpResponse<String> response) {
		return response.headers().firstValue("X-Trace-Id").orElseThrow();
	}

	private Anomaly awaitAnomaly(AnomalyType type, String traceId) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			for (Anomaly anomaly : this.anomalies.latest()) {
				if (anomaly.type() == type && traceId.equals(anomaly.traceId())) {
					return anomaly;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no " + type + " for " + traceId + " in " + this.anomalies.latest());
	}

	private StageTrace awaitTrace(String traceId) throws InterruptedException {
		for (int i = 0; i < 100 && this.traces.find(traceId).isEmpty(); i++) {
			Thread.sleep(20);
		}
		return this.traces.find(traceId).orElseThrow();
	}

}
