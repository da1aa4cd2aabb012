package io.middlewaretrace.trace;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.IdGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ReflectionUtils;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C Trace Context over repeated header fields, end to end on a real embedded Tomcat: the raw
 * fields go in through {@code java.net.http} (which sends a repeated header as separate fields),
 * the trace id comes back in {@code X-Trace-Id} and {@code traceresponse}, and what the starter
 * propagates is what a real outbound {@code RestClient} call to {@code /trace/echo} carried.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, TraceContextEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		// the logger output: the default appender would stay attached to the shared logger context
		// as long as the cached application context lives
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger" })
class TraceContextServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String TRACE_ID = "12345678901234567890123456789012";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-1234567890123456-01";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void startsANewTraceWhenTraceparentIsSentTwice() throws Exception {
		String other = "00-12345678901234567890123456789011-1234567890123456-01";
		double before = traceparentMalformed();
		HttpResponse<String> response = server().get("/api/owners/7", "traceparent", TRACEPARENT, "traceparent",
				other);
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID).isNotEqualTo(other.substring(3, 35));
		assertThat(response.headers().firstValue("traceresponse").orElseThrow()).contains(traceId);
		assertThat(traceparentMalformed()).isEqualTo(before + 1);
	}

	@Test
	void dropsTracestateWithARepeatedTraceparent() throws Exception {
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "traceparent", TRACEPARENT, "tracestate", "foo=1");
		assertThat(outbound.path("traceparent").get(0).asText()).doesNotContain(TRACE_ID);
		assertThat(outbound.path("tracestate")).isEmpty();
	}

	@Test
	void propagatesTracestateFieldsAsOneListInOrder() throws Exception {
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", "foo=1,bar=2", "tracestate",
				"rojo=1,congo=2", "tracestate", "baz=3");
		assertThat(outbound.path("traceparent").get(0).asText()).startsWith("00-" + TRACE_ID + "-");
		assertThat(values(outbound.path("tracestate"))).containsExactly("foo=1,bar=2,rojo=1,congo=2,baz=3");
	}

	@Test
	void acceptsEmptyTracestateFieldsAndMembers() throws Exception {
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", "", "tracestate", "foo=1, ,",
				"tracestate", "bar=2");
		assertThat(values(outbound.path("tracestate"))).containsExactly("foo=1,bar=2");
	}

	@Test
	void inheritsAll32MembersSpreadOverSeveralFields() throws Exception {
		double before = tracestateInvalid("truncated");
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", members(1, 10), "tracestate",
				members(11, 20), "tracestate", members(21, 30), "tracestate", members(31, 32));
		assertThat(values(outbound.path("tracestate")))
			.containsExactly(members(1, 10) + "," + members(11, 20) + "," + members(21, 30) + "," + members(31, 32));
		assertThat(tracestateInvalid("truncated")).isEqualTo(before);
	}

	@Test
	void cutsA33MemberListToItsFirst32AndCountsIt() throws Exception {
		double before = tracestateInvalid("truncated");
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", members(1, 16), "tracestate",
				members(17, 33));
		assertThat(values(outbound.path("tracestate"))).containsExactly(members(1, 32));
		assertThat(tracestateInvalid("truncated")).isEqualTo(before + 1);
	}

	@Test
	void discardsAMalformedTracestateButContinuesTheTraceAndCountsIt() throws Exception {
		double before = tracestateInvalid("malformed");
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", "foo=1", "tracestate", "@bar=2");
		assertThat(outbound.path("traceparent").get(0).asText()).startsWith("00-" + TRACE_ID + "-");
		assertThat(outbound.path("tracestate")).isEmpty();
		assertThat(tracestateInvalid("malformed")).isEqualTo(before + 1);
	}

	@Test
	void keepsKeysTheCurrentGrammarAllowsAndOpenTelemetrysBuilderWouldDrop() throws Exception {
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "tracestate", "foo@@bar=1,t@vvvvvvvvvvvvvvv=2");
		assertThat(values(outbound.path("tracestate"))).containsExactly("foo@@bar=1,t@vvvvvvvvvvvvvvv=2");
	}

	@Test
	void propagatesTheRandomFlagDownstreamAndInTraceresponse() throws Exception {
		String random = "00-" + TRACE_ID + "-1234567890123456-03";
		JsonNode outbound = outbound("traceparent", random);
		String propagated = outbound.path("traceparent").get(0).asText();
		assertThat(propagated).startsWith("00-" + TRACE_ID + "-").endsWith("-03");
		assertThat(propagated.substring(36, 52)).isNotEqualTo("1234567890123456");
		HttpResponse<String> response = server().get("/api/owners/7", "traceparent", random);
		assertThat(response.headers().firstValue("traceresponse").orElseThrow()).endsWith("-03");
	}

	@Test
	void setsNoRandomFlagOfItsOwnOnATraceItStarted() throws Exception {
		JsonNode outbound = outbound("traceparent", TRACEPARENT, "traceparent",
				"00-" + TRACE_ID + "-1234567890123456-03");
		String propagated = outbound.path("traceparent").get(0).asText();
		// only the tracer knows whether its ids are random: OpenTelemetry's SDK says so itself
		// since 1.62 (Spring Boot 4.1's), and sets the flag; the starter never adds it
		boolean sdkSetsRandomFlag = ReflectionUtils.findMethod(IdGenerator.class, "generatesRandomTraceIds") != null;
		assertThat(propagated).doesNotContain(TRACE_ID).endsWith(sdkSetsRandomFlag ? "-03" : "-01");
	}

	/**
	 * Within Tomcat's 8 KB of request headers: beyond that Tomcat itself answers 400.
	 */
	@Test
	void answersGarbageTraceContextHeadersNormally() throws Exception {
		double before = tracestateInvalid("malformed");
		HttpResponse<String> response = server().get("/api/owners/7", "traceparent", TRACEPARENT, "tracestate",
				"=".repeat(1000), "tracestate", ",".repeat(1000), "tracestate", "k=v,".repeat(500));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(TRACE_ID);
		assertThat(tracestateInvalid("malformed")).isEqualTo(before + 1);
	}

	private JsonNode outbound(String... headers) throws Exception {
		HttpResponse<String> response = server().get("/trace/outbound", headers);
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static List<String> values(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return values;
	}

	private static String members(int from, int to) {
		List<String> members = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			String n = (i < 10) ? "0" + i : String.valueOf(i);
			members.add("bar" + n + "=" + n);
		}
		return String.join(",", members);
	}

	private double traceparentMalformed() {
		return this.meters.counter("middleware.inbound.traceparent.invalid", "reason", "malformed").count();
	}

	private double tracestateInvalid(String reason) {
		return this.meters.counter("middleware.inbound.tracestate.invalid", "reason", reason).count();
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
