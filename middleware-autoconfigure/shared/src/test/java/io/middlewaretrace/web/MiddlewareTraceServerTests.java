package io.middlewaretrace.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

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

import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on a real embedded Tomcat: trace ids in and out, the JSON access-log line and its
 * fields, error and async dispatches, the trace id in error bodies, MDC hygiene and concurrency.
 */
@WithObservability
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger",
				"spring.mvc.problemdetails.enabled=true",
				"middleware.access-log.sampling.routes[/api/slow]=0.0" })
class MiddlewareTraceServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private JsonLogCapture accessLog;

	private JsonLogCapture filterLog;

	@BeforeEach
	void capture() {
		this.accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
		this.filterLog = JsonLogCapture.of(MiddlewareTraceFilter.class.getName());
	}

	@AfterEach
	void release() {
		this.accessLog.close();
		this.filterLog.close();
	}

	@Test
	void logsOneJsonLineWithTraceRoutePatternStatusDurationAndSize() throws Exception {
		HttpResponse<String> response = server().get("/api/owners/7");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("logger_name").asText()).isEqualTo("middleware.access");
		assertThat(line.path("span_id").asText()).matches("[0-9a-f]{16}");
		assertThat(line.path("http_route").asText()).isEqualTo("/api/owners/{id}");
		assertThat(line.path("http_method").asText()).isEqualTo("GET");
		assertThat(line.path("http_status").asInt()).isEqualTo(200);
		assertThat(line.path("duration_ms").isNumber()).isTrue();
		assertThat(line.path("duration_ms").asDouble()).isGreaterThan(0.0);
		assertThat(line.path("response_bytes").asLong()).isEqualTo(response.body().getBytes().length);
		assertThat(line.toString()).doesNotContain("/api/owners/7");
		assertThat(this.accessLog.lines()).filteredOn((l) -> traceId.equals(l.path("trace_id").asText())).hasSize(1);
	}

	@Test
	void routePatternIsInTheMdcAndTheContextWhileTheHandlerRuns() throws Exception {
		JsonNode body = JSON.readTree(server().get("/api/owners/3").body());
		assertThat(body.path("route").asText()).isEqualTo("/api/owners/{id}");
		assertThat(body.path("mdcRoute").asText()).isEqualTo("/api/owners/{id}");
		assertThat(body.path("mdcTraceId").asText()).isEqualTo(body.path("traceId").asText());
	}

	@Test
	void inboundTraceparentIsContinuedAndReturnedInTraceresponse() throws Exception {
		String traceId = randomHex(32);
		HttpResponse<String> response = server().get("/api/owners/1", "traceparent", "00-" + traceId + "-" + randomHex(16) + "-01");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(traceId);
		assertThat(response.headers().firstValue("traceresponse").orElseThrow())
			.matches("00-" + traceId + "-[0-9a-f]{16}-01");
		this.accessLog.awaitField("trace_id", traceId);
	}

	@Test
	void malformedTraceparentStartsAFreshTraceAndIsCounted() throws Exception {
		double before = counter("malformed");
		for (String garbage : List.of("garbage", "00-" + "0".repeat(32) + "-" + randomHex(16) + "-01",
				"00-" + randomHex(32).toUpperCase() + "-" + randomHex(16) + "-01", "ff-" + randomHex(32) + "-"
						+ randomHex(16) + "-01", "x".repeat(4000))) {
			HttpResponse<String> response = server().get("/api/owners/2", "traceparent", garbage);
			assertThat(response.statusCode()).isEqualTo(200);
			String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
			assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
			assertThat(garbage.toLowerCase()).doesNotContain(traceId);
		}
		assertThat(counter("malformed") - before).isEqualTo(5.0);
	}

	@Test
	void duplicatedTraceparentCountsAsMalformed() throws Exception {
		double before = counter("malformed");
		HttpRequest request = HttpRequest.newBuilder(server().uri("/api/owners/2"))
			.header("traceparent", "00-" + randomHex(32) + "-" + randomHex(16) + "-01")
			.header("traceparent", "00-" + randomHex(32) + "-" + randomHex(16) + "-01")
			.build();
		assertThat(server().send(request).statusCode()).isEqualTo(200);
		assertThat(counter("malformed") - before).isEqualTo(1.0);
	}

	@Test
	void missingTraceparentIsCounted() throws Exception {
		double before = counter("missing");
		server().get("/api/owners/2");
		assertThat(counter("missing") - before).isEqualTo(1.0);
	}

	@Test
	void noAccessLogLineIsWrittenWithoutTraceId() throws Exception {
		server().get("/api/owners/5");
		server().get("/api/teapot");
		assertThat(this.meters.get("middleware.access-log.untraced").counter().count()).isZero();
	}

	@Test
	void exceptionFromHandlerGetsBootsErrorBodyWithTraceIdAndOneTracedErrorLine() throws Exception {
		HttpResponse<String> response = server().get("/api/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		// Spring MVC's problem details are on, but Boot's error page answers what Spring MVC did
		// not handle, as without the starter
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("status").asInt()).isEqualTo(500);
		assertThat(body.path("path").asText()).isEqualTo("/api/boom");
		assertThat(body.path("traceId").asText()).isEqualTo(traceId);
		assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException")
			.doesNotContain("at io.");
		JsonNode error = this.filterLog.awaitField("traceId", traceId);
		assertThat(error.path("level").asText()).isEqualTo("ERROR");
		assertThat(error.path("stack_trace").asText()).contains("IllegalStateException");
		assertThat(error.path("route").asText()).isEqualTo("/api/boom");
		assertThat(this.accessLog.awaitField("trace_id", traceId).path("http_status").asInt()).isEqualTo(500);
	}

	@Test
	void exceptionFromFilterGetsBootsErrorBodyWithTraceId() throws Exception {
		HttpResponse<String> response = server().get("/filter-boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(JSON.readTree(response.body()).path("traceId").asText()).isEqualTo(traceId);
		assertThat(response.body()).doesNotContain("hunter2");
		assertThat(this.filterLog.awaitField("traceId", traceId).path("level").asText()).isEqualTo("ERROR");
		assertThat(this.accessLog.awaitField("trace_id", traceId).path("http_route").asText()).isEqualTo("UNKNOWN");
	}

	@Test
	void applicationProblemDetailGetsTheTraceId() throws Exception {
		HttpResponse<String> response = server().get("/api/owners/404");
		assertThat(response.statusCode()).isEqualTo(404);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(JSON.readTree(response.body()).path("traceId").asText()).isEqualTo(traceId);
	}

	@Test
	void sendErrorIsLoggedOnceAfterTheErrorPageWithTheOriginalRoute() throws Exception {
		HttpResponse<String> response = server().get("/api/teapot");
		assertThat(response.statusCode()).isEqualTo(418);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("http_status").asInt()).isEqualTo(418);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/teapot");
		assertThat(line.path("response_bytes").asLong()).isEqualTo(response.body().getBytes().length).isPositive();
		Thread.sleep(200);
		assertThat(this.accessLog.lines()).filteredOn((l) -> traceId.equals(l.path("trace_id").asText())).hasSize(1);
		assertThat(TestApplication.TRACE_IDS_IN_ERROR_DISPATCH).as("MDC and context during the error page")
			.contains(traceId + "/" + traceId);
	}

	@Test
	void unmatchedPathIsLoggedWithAFixedTokenNeverTheRawPath() throws Exception {
		HttpResponse<String> response = server().get("/no/such/thing-42");
		assertThat(response.statusCode()).isEqualTo(404);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("http_route").asText()).isEqualTo("NOT_FOUND");
		assertThat(line.toString()).doesNotContain("thing-42");
	}

	@Test
	void callableAndDeferredResultAreLoggedOnceWhenTheAsyncDispatchEnds() throws Exception {
		HttpResponse<String> callable = server().get("/api/callable/9");
		assertThat(callable.body()).isEqualTo("callable 9");
		String traceId = callable.headers().firstValue("X-Trace-Id").orElseThrow();
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/callable/{id}");
		assertThat(line.path("http_status").asInt()).isEqualTo(200);
		assertThat(line.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(20.0);
		assertThat(line.path("response_bytes").asLong()).isEqualTo(10);

		HttpResponse<String> deferred = server().get("/api/deferred");
		String deferredTraceId = deferred.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(this.accessLog.awaitField("trace_id", deferredTraceId).path("http_route").asText())
			.isEqualTo("/api/deferred");
		Thread.sleep(200);
		assertThat(this.accessLog.lines()).filteredOn((l) -> traceId.equals(l.path("trace_id").asText())).hasSize(1);
		assertThat(this.accessLog.lines()).filteredOn((l) -> deferredTraceId.equals(l.path("trace_id").asText()))
			.hasSize(1);
	}

	@Test
	void healthChecksAndStaticResourcesAreNotLoggedButMissingResourcesAre() throws Exception {
		String health = server().get("/actuator/health").headers().firstValue("X-Trace-Id").orElseThrow();
		HttpResponse<String> resource = server().get("/hello.txt");
		assertThat(resource.body()).startsWith("hello");
		String resourceTrace = resource.headers().firstValue("X-Trace-Id").orElseThrow();
		String missing = server().get("/missing.js").headers().firstValue("X-Trace-Id").orElseThrow();
		this.accessLog.awaitField("trace_id", missing);
		server().get("/api/owners/1");
		this.accessLog.await((l) -> "/api/owners/{id}".equals(l.path("http_route").asText()));
		assertThat(this.accessLog.lines()).noneMatch((l) -> health.equals(l.path("trace_id").asText())
				|| resourceTrace.equals(l.path("trace_id").asText()));
	}

	@Test
	void routeSampledAtZeroIsStillLoggedWhenSlowOrFailing() throws Exception {
		String fast = server().get("/api/slow?millis=0").headers().firstValue("X-Trace-Id").orElseThrow();
		String slow = server().get("/api/slow?millis=1100").headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(this.accessLog.awaitField("trace_id", slow).path("duration_ms").asDouble())
			.isGreaterThanOrEqualTo(1000.0);
		assertThat(this.accessLog.lines()).noneMatch((l) -> fast.equals(l.path("trace_id").asText()));
	}

	@Test
	void mdcAndRequestContextAreEmptyOnTheThreadAfterEveryRequest() throws Exception {
		TestApplication.MDC_AFTER_REQUEST.clear();
		server().get("/api/owners/1");
		server().get("/api/boom");
		server().get("/api/teapot");
		server().get("/api/callable/1");
		server().get("/no/such/path");
		Thread.sleep(100);
		assertThat(TestApplication.MDC_AFTER_REQUEST).hasSizeGreaterThanOrEqualTo(5)
			.allSatisfy((mdc) -> assertThat(mdc).as("MDC and request context left on the thread").isEmpty());
	}

	@Test
	void concurrentRequestsEachLogOnlyTheirOwnTraceId() throws Exception {
		int requests = 200;
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			List<Future<String[]>> results = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				int id = i % 10 + 1;
				Callable<String[]> call = () -> {
					String traceId = randomHex(32);
					HttpResponse<String> response = server().get("/api/owners/" + id, "traceparent",
							"00-" + traceId + "-" + randomHex(16) + "-01");
					JsonNode body = JSON.readTree(response.body());
					return new String[] { traceId, response.headers().firstValue("X-Trace-Id").orElseThrow(),
							body.path("traceId").asText(), body.path("mdcTraceId").asText() };
				};
				results.add(pool.submit(call));
			}
			Set<String> sent = new HashSet<>();
			for (Future<String[]> result : results) {
				String[] ids = result.get();
				assertThat(ids[1]).isEqualTo(ids[0]);
				assertThat(ids[2]).isEqualTo(ids[0]);
				assertThat(ids[3]).isEqualTo(ids[0]);
				sent.add(ids[0]);
			}
			for (String traceId : sent) {
				JsonNode line = this.accessLog.awaitField("trace_id", traceId);
				assertThat(line.path("http_route").asText()).isEqualTo("/api/owners/{id}");
			}
			Map<String, Long> linesPerTrace = new java.util.HashMap<>();
			this.accessLog.lines()
				.forEach((l) -> linesPerTrace.merge(l.path("trace_id").asText(), 1L, Long::sum));
			assertThat(sent).allSatisfy((traceId) -> assertThat(linesPerTrace.get(traceId)).isEqualTo(1L));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private double counter(String reason) {
		return this.meters.get("middleware.inbound.traceparent.invalid").tag("reason", reason).counter().count();
	}

	static String randomHex(int length) {
		StringBuilder hex = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
		}
		return hex.toString();
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
