package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.SpringVersion;

import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.stage.StageTrace;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client gets, read byte by byte from a plain socket on a real embedded Tomcat, when a
 * request's deadline passes close to the end of its response, and what the starter's records
 * say it got: a response produced before its deadline is delivered whole; one whose deadline
 * passed before anything was committed is answered 504 whatever would have rendered next; only
 * a committed response still being produced is cut, and then every record says so.
 */
@SpringBootTest(classes = { TestApplication.class, DeliveryTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "middleware.deadline.default-timeout=3s",
				"middleware.stage-trace.enabled=true" })
class DeadlineDeliveryServerTests {

	private static final String HEADER = "X-Request-Timeout-Ms";

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder deadlines;

	@Autowired
	private StageTraceRepository stageTraces;

	@Autowired
	private AnomalyRegistry anomalies;

	@BeforeEach
	void resetRenders() {
		DeliveryTestEndpoints.RENDERS.set(0);
	}

	@Test
	void aJsonBodyWrittenBeforeTheDeadlineIsDeliveredWholeWhenTheDeadlinePassesWhileFiltersUnwind()
			throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/json?waitAfterChain=true", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			// Spring Framework 6's JSON converter streams the body; 7's writes it with its length
			assertThat(response.head().toLowerCase()).contains(SpringVersion.getVersion().startsWith("6.")
					? "transfer-encoding: chunked" : "content-length: " + DeliveryTestEndpoints.JSON_BODY.length());
			assertThat(response.body()).isEqualTo(DeliveryTestEndpoints.JSON_BODY);
			assertThat(response.complete()).as("terminating chunk or every announced byte received").isTrue();
			String traceId = response.header("X-Trace-Id");
			assertRecordedLate(traceId, DeliveryTestEndpoints.JSON_BODY.length(), accessLog);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aBodyThatReachedItsContentLengthBeforeTheDeadlineIsDeliveredWholeThoughTheHandlerGoesOn()
			throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/sized?waitAfterBody=true", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.header("Content-Length")).isEqualTo(
					Integer.toString(DeliveryTestEndpoints.JSON_BODY.length()));
			assertThat(response.body()).isEqualTo(DeliveryTestEndpoints.JSON_BODY);
			assertThat(response.complete()).isTrue();
			assertRecordedLate(response.header("X-Trace-Id"), DeliveryTestEndpoints.JSON_BODY.length(), accessLog);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aBodyWrittenAndFlushedBeforeTheDeadlineIsDeliveredWholeThoughFlushedAgainAfterIt() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/flushed-twice", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.body()).isEqualTo(DeliveryTestEndpoints.JSON_BODY);
			assertThat(response.complete()).as("terminating chunk received").isTrue();
			assertRecordedLate(response.header("X-Trace-Id"), DeliveryTestEndpoints.JSON_BODY.length(), accessLog);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aStreamWhoseWaitTheStartersInterruptEndedIsCutWithoutAnApplicationError() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				JsonLogCapture starter = JsonLogCapture.of("io.middlewaretrace");
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/timed-stream?millis=5000&deadlineInSleepMs=100", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.complete()).as("terminating chunk received").isFalse();
			assertThat(response.body()).doesNotContain("b");
			String traceId = response.header("X-Trace-Id");
			assertThat(awaitDeadlineRecord(traceId).outcome()).isEqualTo("cut");
			// the access line is written when the request completes, after any error was logged
			assertThat(accessLog.await((line) -> traceId.equals(line.path("trace_id").asText()))
				.path("deadline_outcome")
				.asText()).isEqualTo("cut");
			assertThat(starter.lines()).noneSatisfy((line) -> assertThat(line.path("level").asText()).isEqualTo("ERROR"));
		}
	}

	/**
	 * An interrupt that lands on a wait it does not end (a lock's park) changes nothing the
	 * application does: a stream written in full before the deadline is delivered whole, with
	 * its terminating chunk, though the thread was waiting when the interrupt landed.
	 */
	@Test
	void aStreamWrittenInFullIsDeliveredWholeThoughItsThreadWaitsOnALockWhenTheDeadlinePasses() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/after-lock", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			String body = DeliveryTestEndpoints.page('a', 1) + DeliveryTestEndpoints.page('b', 1);
			assertThat(response.body()).isEqualTo(body);
			assertThat(response.complete()).as("terminating chunk received").isTrue();
			assertRecordedLate(response.header("X-Trace-Id"), body.length(), accessLog);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aJsonBodyWhoseDeadlinePassesWhileItIsSerializedIsAnswered504NotWithTheErrorOfItsRefusedWrite() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/json-late-serialized", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 504");
			assertThat(response.complete()).isTrue();
			String traceId = response.header("X-Trace-Id");
			DeadlineRecord record = awaitDeadlineRecord(traceId);
			assertThat(record.outcome()).isEqualTo("exceeded");
			assertThat(record.status()).isEqualTo(504);
			assertThat(accessLog.await((line) -> traceId.equals(line.path("trace_id").asText()))
				.path("http_status")
				.asInt()).isEqualTo(504);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aViewWhoseHandlerRanPastTheDeadlineIsAnswered504InsteadOfRendering() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/page?expireInHandler=true&beforeKb=64&afterKb=64", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 504");
			assertThat(response.complete()).isTrue();
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("phase").asText()).isEqualTo("handler");
			assertThat(DeliveryTestEndpoints.RENDERS).as("views rendered").hasValue(0);
			String traceId = response.header("X-Trace-Id");
			DeadlineRecord record = awaitDeadlineRecord(traceId);
			assertThat(record.outcome()).isEqualTo("exceeded");
			assertThat(record.status()).isEqualTo(504);
			assertThat(record.responseBytes()).isEqualTo(response.body().length());
			assertThat(accessLog.await((line) -> traceId.equals(line.path("trace_id").asText()))
				.path("deadline_outcome")
				.asText()).isEqualTo("exceeded");
			assertNoAnomaly(traceId);
			assertKeptAlive(connection);
		}
	}

	@Test
	void aDeadlinePassingWhileAViewRendersBeforeAnythingWasCommittedIsAnswered504NamingTheView()
			throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/page?beforeKb=2&expireInRender=true&afterKb=2", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 504");
			assertThat(response.complete()).isTrue();
			assertThat(response.body()).doesNotContain("aaaa");
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("phase").asText()).isEqualTo(DeadlineViewPhase.PHASE);
			String traceId = response.header("X-Trace-Id");
			DeadlineRecord record = awaitDeadlineRecord(traceId);
			assertThat(record.outcome()).isEqualTo("exceeded");
			assertThat(record.phases()).anySatisfy((phase) -> {
				assertThat(phase.name()).isEqualTo(DeadlineViewPhase.PHASE);
				assertThat(phase.detail()).isEqualTo("slowPage");
			});
			StageTrace trace = this.stageTraces.find(traceId).orElseThrow();
			assertThat(trace.stages()).anySatisfy((stage) -> {
				assertThat(stage.type()).isEqualTo("VIEW");
				assertThat(stage.name()).isEqualTo("slowPage");
			});
			assertNoAnomaly(traceId);
		}
	}

	@Test
	void aDeadlinePassingWhileACommittedViewRendersCutsItAndEveryRecordSaysSo() throws Exception {
		try (JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/delivery/page?beforeKb=64&expireInRender=true&afterKb=64", HEADER, "10000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.complete()).as("terminating chunk received").isFalse();
			assertThat(response.endOfStream()).as("connection closed").isTrue();
			assertThat(response.body()).doesNotContain("b");
			String traceId = response.header("X-Trace-Id");
			DeadlineRecord record = awaitDeadlineRecord(traceId);
			assertThat(record.outcome()).isEqualTo("cut");
			assertThat(record.phase()).isEqualTo(DeadlineViewPhase.PHASE);
			assertThat(record.status()).isEqualTo(200);
			assertThat(record.responseBytes()).isEqualTo(64 * 1024);
			JsonNode line = accessLog.await((candidate) -> traceId.equals(candidate.path("trace_id").asText()));
			assertThat(line.path("deadline_outcome").asText()).isEqualTo("cut");
			assertThat(line.path("http_status").asInt()).isEqualTo(200);
			assertThat(this.stageTraces.find(traceId).orElseThrow().deadlineOutcome()).isEqualTo("cut");
			assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
				assertThat(anomaly.traceId()).isEqualTo(traceId);
				assertThat(anomaly.source()).isEqualTo(DeadlineViewPhase.PHASE);
			});
		}
	}

	private void assertRecordedLate(String traceId, long bytes, JsonLogCapture accessLog) throws Exception {
		DeadlineRecord record = awaitDeadlineRecord(traceId);
		assertThat(record.timedOut()).isTrue();
		assertThat(record.outcome()).isEqualTo("late");
		assertThat(record.status()).isEqualTo(200);
		assertThat(record.responseBytes()).isEqualTo(bytes);
		JsonNode line = accessLog.await((candidate) -> traceId.equals(candidate.path("trace_id").asText()));
		assertThat(line.path("http_status").asInt()).isEqualTo(200);
		assertThat(line.path("response_bytes").asLong()).isEqualTo(bytes);
		assertThat(line.path("deadline_outcome").asText()).isEqualTo("late");
		assertNoAnomaly(traceId);
	}

	private void assertNoAnomaly(String traceId) {
		assertThat(this.anomalies.latest()).noneSatisfy((anomaly) -> assertThat(anomaly.traceId()).isEqualTo(traceId));
	}

	private DeadlineRecord awaitDeadlineRecord(String traceId) throws InterruptedException {
		assertThat(traceId).isNotNull();
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() - end < 0) {
			DeadlineRecord record = this.deadlines.find(traceId);
			if (record != null) {
				return record;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no deadline record for " + traceId + " in " + List.copyOf(this.deadlines.records()));
	}

	/**
	 * The connection of a response delivered whole stays open for the next request.
	 */
	private static void assertKeptAlive(RawHttpConnection connection) throws Exception {
		connection.get("/delivery/json", HEADER, "2000");
		RawHttpConnection.Response next = connection.readResponse();
		assertThat(next.head()).startsWith("HTTP/1.1 200");
		assertThat(next.complete()).isTrue();
	}

}
