package io.middlewaretrace.deadline.http;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.ResourceAccessException;

import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineRecord;
import io.middlewaretrace.deadline.DeadlineRecord.PhaseRecord;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.testapp.LocalServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A calling service on a real embedded Tomcat, calling the {@link SlowServer} through a
 * Boot-built RestClient under the request's deadline. Subclasses choose the client library.
 * The serving thread is not interrupted at the deadline here, so only the RestClient
 * integration can end a call in time.
 */
abstract class AbstractHttpDeadlineServerTests {

	static final String PROPERTIES = "middleware.deadline.interrupt=false";

	static final String MARGIN = "middleware.deadline.http.margin=100ms";

	static final String TRACING = "management.tracing.sampling.probability=1.0";

	/** Keeps every request in the deadline recorder, so that the phases of a call in time can be read. */
	static final String RECORD_ALL = "middleware.deadline.slow-budget-fraction=0.000001";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder recorder;

	/**
	 * How late past the deadline control may come back in these tests: generous, for loaded CI
	 * machines; the precision itself is measured by the benchmarks ({@code docs/benchmarks.md}),
	 * and every slow downstream here takes at least 1.5 s, well beyond budget plus slack.
	 */
	static final long TIMING_SLACK_MS = 700;

	@Test
	void endsACallToASlowServiceAtTheDeadline() throws Exception {
		DeadlineHttpTestApplication.CALL_FAILURE.set(null);
		String traceId = newTraceId();
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/call?delayMs=2000", "X-Request-Timeout-Ms", "300",
				"traceparent", traceparent(traceId));
		long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("phase").asText()).isEqualTo(DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		// 300 ms budget and 2 s downstream: control came back at the deadline, not the downstream's
		assertThat(elapsedMs).isBetween(300L, 300L + TIMING_SLACK_MS);
		DeadlineRecord record = awaitRecord(traceId);
		assertThat(record.phase()).isEqualTo(DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		PhaseRecord call = phase(record, DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		assertThat(call.outcome()).isEqualTo("deadline");
		assertThat(call.durationMs()).isLessThan(300.0 + TIMING_SLACK_MS);
		// the caller sees RestClient's I/O failure, caused by the deadline, whatever the client threw
		Throwable failure = DeadlineHttpTestApplication.CALL_FAILURE.get();
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasMessageContaining("deadline passed");
		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(DeadlineExceededException.class);
	}

	@Test
	void endsACallWhoseBodyIsStillComingAtTheDeadline() throws Exception {
		String traceId = newTraceId();
		long start = System.nanoTime();
		// headers at once, the rest of the body 2 s later
		HttpResponse<String> response = server().get("/call?delayMs=2000&path=drip", "X-Request-Timeout-Ms", "300",
				"traceparent", traceparent(traceId));
		long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).path("phase").asText())
			.isEqualTo(DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		assertThat(elapsedMs).isBetween(300L, 300L + TIMING_SLACK_MS);
		PhaseRecord body = phase(awaitRecord(traceId), DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		assertThat(body.outcome()).isEqualTo("deadline");
	}

	@Test
	void sendsTheRemainingBudgetLessTheMarginAndKeepsTheTraceContext() throws Exception {
		String traceId = newTraceId();
		HttpResponse<String> response = server().get("/call", "X-Request-Timeout-Ms", "1000", "traceparent",
				traceparent(traceId));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode seen = JSON.readTree(response.body());
		// budget 1000 ms, margin 100 ms: at most 900 ms left to promise, and some time passed already
		assertThat(seen.path("timeoutMs").asLong()).isBetween(700L, 900L);
		assertThat(seen.path("traceparent").asText()).startsWith("00-" + traceId + "-");
	}

	@Test
	void failsAtOnceWithoutNetworkIoWhenTheBudgetIsSpent() throws Exception {
		int before = SlowServer.get().requests();
		HttpResponse<String> response = server().get("/spent", "X-Request-Timeout-Ms", "100");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(SlowServer.get().requests()).isEqualTo(before);
		Throwable failure = DeadlineHttpTestApplication.SPENT_FAILURE.get();
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasMessageContaining("deadline");
		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(DeadlineExceededException.class);
	}

	@Test
	void failsAtOnceWhenLessThanTheMarginIsLeft() throws Exception {
		int before = SlowServer.get().requests();
		// 50 ms budget, 100 ms margin: nothing worth promising the called service
		HttpResponse<String> response = server().get("/call", "X-Request-Timeout-Ms", "50");
		assertThat(response.statusCode()).isIn(500, 504);
		assertThat(SlowServer.get().requests()).isEqualTo(before);
	}

	@Test
	void leavesCallsOutsideARequestUntouched() throws Exception {
		// first a call under a short budget on the same client and pool
		assertThat(server().get("/call", "X-Request-Timeout-Ms", "400").statusCode()).isEqualTo(200);
		HttpResponse<String> response = server().get("/detached?delayMs=700");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("timeoutMs").isNull()).isTrue();
	}

	@Test
	void recordsTheCallWithoutItsQueryAndTheTimeToFirstByte() throws Exception {
		String traceId = newTraceId();
		HttpResponse<String> response = server().get("/call?delayMs=50&close=true", "traceparent",
				traceparent(traceId));
		assertThat(response.statusCode()).isEqualTo(200);
		DeadlineRecord record = awaitRecord(traceId);
		PhaseRecord call = phase(record, DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		assertThat(call.detail()).isEqualTo("GET http://127.0.0.1:" + SlowServer.get().port() + "/echo");
		assertThat(call.outcome()).isEqualTo("ok");
		PhaseRecord body = phase(record, DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		// the body starts once the headers arrived: after the server's 50 ms wait
		assertThat(body.offsetMs() - call.offsetMs()).isGreaterThanOrEqualTo(50.0);
		assertThat(body.offsetMs() + body.durationMs()).isCloseTo(call.offsetMs() + call.durationMs(), within(1.0));
		assertClientPhases(record);
	}

	void assertClientPhases(DeadlineRecord record) {
	}

	static PhaseRecord phase(DeadlineRecord record, String name) {
		assertThat(record).as("deadline record").isNotNull();
		for (PhaseRecord phase : record.phases()) {
			if (phase.name().equals(name)) {
				return phase;
			}
		}
		throw new AssertionError("No phase " + name + " in " + record.phases());
	}

	static List<String> names(DeadlineRecord record) {
		List<String> names = new ArrayList<>();
		for (PhaseRecord phase : record.phases()) {
			names.add(phase.name());
		}
		return names;
	}

	private DeadlineRecord awaitRecord(String traceId) throws InterruptedException {
		return awaitRecord(this.recorder, traceId);
	}

	static DeadlineRecord awaitRecord(DeadlineRecorder recorder, HttpResponse<String> response)
			throws InterruptedException {
		String traceId = response.headers().firstValue("X-Trace-Id").orElse(null);
		assertThat(traceId).as("X-Trace-Id").isNotNull();
		return awaitRecord(recorder, traceId);
	}

	static DeadlineRecord awaitRecord(DeadlineRecorder recorder, String traceId) throws InterruptedException {
		// recorded when the request completes, which can follow the response by a moment
		for (int i = 0; i < 100; i++) {
			DeadlineRecord record = recorder.find(traceId);
			if (record != null) {
				return record;
			}
			Thread.sleep(10);
		}
		return recorder.find(traceId);
	}

	LocalServer server() {
		return new LocalServer(this.port);
	}

	private static String newTraceId() {
		return Long.toHexString(System.nanoTime() | 0x1000000000000000L) + TRACE_ID.substring(16);
	}

	private static String traceparent(String traceId) {
		return "00-" + traceId + "-00f067aa0ba902b7-01";
	}

}
