package io.middlewaretrace.stage;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.web.DefaultSecurityFilterChain;

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;
import io.middlewaretrace.web.StageRecording;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep tracing on a real embedded Tomcat: every filter (the application's, Boot's, the Spring
 * Security chain's), every interceptor callback and the handler are recorded in the order they
 * ran, nested like an onion, with their outcome.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.stage-trace.enabled=true", "middleware.access-log.output=logger",
				"management.tracing.sampling.probability=1.0" })
class StageTraceServerTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StageTraceRepository repository;

	@Autowired
	private AnomalyRegistry anomalies;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private List<DefaultSecurityFilterChain> securityChains;

	@Test
	void recordsTheOnionInTheOrderItRan() throws Exception {
		StageTrace trace = traceOf(new LocalServer(this.port).get("/api/owners/7"));

		List<String> entered = names(trace, "ENTER");
		assertThat(entered).containsSubsequence("middlewareTraceFilter", "springSecurityFilterChain",
				"AuthorizationFilter", "alphaFilter", "betaFilter", "gammaFilter", "RoutePatternInterceptor.preHandle",
				"FirstInterceptor.preHandle", "SecondInterceptor.preHandle", "TestController#owner",
				"SecondInterceptor.postHandle", "FirstInterceptor.postHandle", "SecondInterceptor.afterCompletion",
				"FirstInterceptor.afterCompletion");
		assertThat(entered).doesNotContain("forgetfulFilter", "answeringFilter");
		// filters nest: each one deeper than the one that called it
		assertThat(depthOf(trace, "alphaFilter")).isLessThan(depthOf(trace, "betaFilter"));
		assertThat(depthOf(trace, "betaFilter")).isLessThan(depthOf(trace, "gammaFilter"));
		assertThat(depthOf(trace, "springSecurityFilterChain")).isLessThan(depthOf(trace, "AuthorizationFilter"));
		assertThat(outcomeOf(trace, "gammaFilter")).isEqualTo("CONTINUED");
		assertThat(outcomeOf(trace, "TestController#owner")).isEqualTo("COMPLETED");
		assertThat(outcomeOf(trace, "SecondInterceptor.preHandle")).isEqualTo("CONTINUED");
		assertThat(trace.reasons()).contains(StageTrace.Reason.TRACED);
		assertThat(trace.route()).isEqualTo("/api/owners/{id}");
		// exits are in reverse order of entries, with monotonic offsets
		List<Double> offsets = trace.stages().stream().map(Timeline.Stage::offsetMs).toList();
		assertThat(offsets).isSorted();
	}

	@Test
	void recordsAnInterceptorThatShortCircuits() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/api/refused");
		assertThat(response.statusCode()).isEqualTo(403);
		StageTrace trace = traceOf(response);
		assertThat(outcomeOf(trace, "SecondInterceptor.preHandle")).isEqualTo("SHORT_CIRCUITED");
		assertThat(names(trace, "ENTER")).doesNotContain("StageTestController#refused");
	}

	@Test
	void recordsAHandlerThatThrewAndTheExceptionResolution() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/api/boom");
		assertThat(response.statusCode()).isEqualTo(500);
		StageTrace trace = traceOf(response);
		assertThat(outcomeOf(trace, "TestController#boom")).isEqualTo("THREW");
		assertThat(names(trace, "ENTER")).containsSubsequence("TestController#boom", "exception-resolution");
		assertThat(trace.reasons()).contains(StageTrace.Reason.FAILED);
	}

	@Test
	void tracesAnAsyncRequestAcrossItsDispatches() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/api/callable/9");
		assertThat(response.body()).isEqualTo("callable 9");
		StageTrace trace = traceOf(response);
		assertThat(outcomeOf(trace, "TestController#callable")).isEqualTo("ASYNC_STARTED");
		// the async dispatch passes the filters again
		assertThat(names(trace, "ENTER").stream().filter("middlewareTraceFilter"::equals)).hasSize(2);
	}

	@Test
	void tracesADeferredResultAcrossItsDispatches() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/api/deferred");
		assertThat(response.body()).isEqualTo("deferred");
		StageTrace trace = traceOf(response);
		assertThat(outcomeOf(trace, "TestController#deferred")).isEqualTo("ASYNC_STARTED");
		assertThat(names(trace, "ENTER").stream().filter("middlewareTraceFilter"::equals)).hasSize(2);
		assertThat(trace.status()).isEqualTo(200);
	}

	@Test
	void securityFiltersKeepTheirSimpleNamesForSpringSecurity() {
		assertThat(this.securityChains).isNotEmpty();
		for (DefaultSecurityFilterChain chain : this.securityChains) {
			assertThat(chain.getFilters()).allSatisfy((filter) -> {
				assertThat(filter).isInstanceOf(StageRecording.class);
				assertThat(filter.getClass().getSimpleName())
					.isEqualTo(StageRecording.unwrap(filter).getClass().getSimpleName());
			});
		}
	}

	@Test
	void timesEachStageWithBoundedTags() throws Exception {
		new LocalServer(this.port).get("/api/owners/8");
		Timer timer = this.meters.find(StageMetrics.TIMER)
			.tags("stage", "betaFilter", "type", "FILTER", "outcome", "CONTINUED")
			.timer();
		assertThat(timer).isNotNull();
		assertThat(timer.count()).isPositive();
		assertThat(this.meters.find(StageMetrics.TIMER).timers())
			.allSatisfy((t) -> assertThat(t.getId().getTag("stage")).doesNotStartWith("/"));
	}

	private StageTrace traceOf(HttpResponse<String> response) throws InterruptedException {
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		// the request completes after the response was sent
		for (int i = 0; i < 100; i++) {
			if (this.repository.find(traceId).isPresent()) {
				break;
			}
			Thread.sleep(20);
		}
		return this.repository.find(traceId).orElseThrow();
	}

	private static List<String> names(StageTrace trace, String event) {
		List<String> names = new ArrayList<>();
		for (Timeline.Stage stage : trace.stages()) {
			if (stage.event().equals(event)) {
				names.add(stage.name());
			}
		}
		return names;
	}

	private static int depthOf(StageTrace trace, String name) {
		return trace.stages().stream().filter((s) -> s.name().equals(name)).findFirst().orElseThrow().depth();
	}

	private static String outcomeOf(StageTrace trace, String name) {
		return trace.stages()
			.stream()
			.filter((s) -> s.name().equals(name) && s.event().equals("EXIT"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no exit of " + name + " in " + trace.stages()))
			.outcome();
	}

}
