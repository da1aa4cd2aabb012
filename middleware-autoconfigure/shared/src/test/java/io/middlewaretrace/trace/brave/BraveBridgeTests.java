package io.middlewaretrace.trace.brave;

import java.net.http.HttpResponse;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that chose the Brave bridge and excluded the OpenTelemetry one the starter
 * brings, as docs/guide.md shows: one tracer, Brave's, and the starter's trace ids are its. Runs
 * in its own Surefire execution ({@code brave}), whose class path is the application's: Brave's
 * bridge in, the OpenTelemetry bridge and API out.
 */
@WithObservability
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger" })
class BraveBridgeTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void braveIsTheOnlyTracer() {
		assertThat(ClassUtils.isPresent("io.micrometer.tracing.otel.bridge.OtelTracer", null)).isFalse();
		assertThat(ClassUtils.isPresent("io.opentelemetry.api.OpenTelemetry", null)).isFalse();
		assertThat(this.context.getBeansOfType(Tracer.class).values()).singleElement().isInstanceOf(BraveTracer.class);
	}

	@Test
	void aCallersTraceIsTheRequestsTrace() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/api/owners/7", "traceparent",
				"00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(TRACE_ID);
		assertThat(response.headers().firstValue("traceresponse").orElseThrow()).startsWith("00-" + TRACE_ID + "-");
	}

	@Test
	void aRequestWithoutATraceGetsOneFromBrave() throws Exception {
		HttpResponse<String> first = new LocalServer(this.port).get("/api/owners/7");
		HttpResponse<String> second = new LocalServer(this.port).get("/api/owners/7");
		String traceId = first.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
		assertThat(second.headers().firstValue("X-Trace-Id").orElseThrow()).matches("[0-9a-f]{32}")
			.isNotEqualTo(traceId);
	}

}
