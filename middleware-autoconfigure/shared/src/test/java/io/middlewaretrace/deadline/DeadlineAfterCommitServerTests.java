package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import io.middlewaretrace.anomaly.Anomaly;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response committed before its deadline passed, on a real embedded Tomcat read byte by byte
 * from a plain socket: it must not end like a complete response, and its connection must not be
 * kept alive. One request thread, so that the request after a cut one runs on the same thread.
 */
@SpringBootTest(classes = { TestApplication.class, DeadlineTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "server.tomcat.threads.max=1",
				"middleware.deadline.default-timeout=15s" })
class DeadlineAfterCommitServerTests {

	private static final String HEADER = "X-Request-Timeout-Ms";

	// the deadline passes where each endpoint lets it (deadlineAfterCommitMs), after the commit
	private static final String BUDGET = "10000";

	@LocalServerPort
	private int port;

	@Autowired
	private AnomalyRegistry anomalies;

	@Test
	void aStreamCutAtTheDeadlineEndsWithoutItsTerminatingChunkAndClosesTheConnection() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			long start = System.nanoTime();
			connection.get("/deadline/stream?chunks=50&intervalMillis=100&deadlineAfterCommitMs=300", HEADER, BUDGET);
			RawHttpConnection.Response response = connection.readChunkedResponse();
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			// what the handler wrote and nothing else: no error page appended to the committed body
			assertThat(response.body()).startsWith("chunk 0\n").matches("(chunk \\d+\n)+").doesNotContain("chunk 49");
			assertThat(response.complete()).as("terminating chunk received").isFalse();
			assertThat(response.endOfStream()).as("connection closed").isTrue();
			assertThat(tookMs).isLessThan(2_000);
			Anomaly anomaly = awaitAnomaly(response.header("X-Trace-Id"));
			assertThat(anomaly.type()).isEqualTo(AnomalyType.DEADLINE_AFTER_COMMIT);
			assertThat(anomaly.source()).isEqualTo("handler");
		}
		assertTheNextRequestIsServedCompleteAndKeptAlive();
	}

	/**
	 * A {@code StreamingResponseBody} writes on an executor thread, concurrently with the
	 * container's end of the async request: without the cut its writer stayed blocked in a
	 * socket write, and the client stalled, until Tomcat's 60 s write timeout.
	 */
	@Test
	void aStreamedBodyCutAtTheDeadlineStopsItsWriterAndClosesTheConnectionAtOnce() throws Exception {
		DeadlineTestEndpoints.STREAM_BODY_ENDS.clear();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			long start = System.nanoTime();
			connection.get("/deadline/stream-body?mb=512&deadlineAfterCommitMs=300", HEADER, BUDGET);
			RawHttpConnection.SizedResponse response = connection.readSizedResponse();
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.complete()).as("all %d MiB received", 512).isFalse();
			assertThat(response.bodyBytes()).isPositive();
			assertThat(tookMs).as("client saw the end of the stream after").isLessThan(3_000);
			DeadlineTestEndpoints.StreamEnd end = DeadlineTestEndpoints.STREAM_BODY_ENDS.poll(5, TimeUnit.SECONDS);
			assertThat(end).as("writer task ended").isNotNull();
			assertThat(Duration.ofNanos(end.nanoTime() - start).toMillis()).isLessThan(3_000);
			assertThat(end.failure()).isInstanceOf(AsyncRequestNotUsableException.class)
				.hasMessageContaining("deadline");
			assertThat(awaitAnomaly(response.header("X-Trace-Id")).type())
				.isEqualTo(AnomalyType.DEADLINE_AFTER_COMMIT);
		}
		assertTheNextRequestIsServedCompleteAndKeptAlive();
	}

	/**
	 * A client that stops reading for 2.5 s: the writer is inside a blocked socket write when
	 * the deadline passes, and still is when the async timeout ends the request under it. The
	 * client sees the end soon after it reads again, and the starter's own deadline exception
	 * is not logged as an application error (the anomaly reports the request).
	 */
	@Test
	void aStreamedBodyToASlowReaderEndsSoonAfterTheDeadlineWithoutErrorLines() throws Exception {
		DeadlineTestEndpoints.STREAM_BODY_ENDS.clear();
		try (JsonLogCapture rootLog = JsonLogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
				RawHttpConnection connection = new RawHttpConnection(this.port)) {
			long start = System.nanoTime();
			connection.get("/deadline/stream-body?mb=64&deadlineAfterCommitMs=300", HEADER, BUDGET);
			RawHttpConnection.SizedResponse response = connection.readSizedResponse(64 * 1024, 2_500, 1);
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(response.complete()).as("all %d MiB received", 64).isFalse();
			assertThat(tookMs).as("client saw the end of the stream after").isLessThan(10_000);
			assertThat(DeadlineTestEndpoints.STREAM_BODY_ENDS.poll(5, TimeUnit.SECONDS)).as("writer task ended")
				.isNotNull();
			String traceId = response.header("X-Trace-Id");
			assertThat(awaitAnomaly(traceId).type()).isEqualTo(AnomalyType.DEADLINE_AFTER_COMMIT);
			Thread.sleep(200);
			assertThat(rootLog.lines()).filteredOn((line) -> "ERROR".equals(line.path("level").asText()))
				.as("ERROR lines")
				.isEmpty();
		}
		assertTheNextRequestIsServedCompleteAndKeptAlive();
	}

	@Test
	void aHandlerThatFinishesNormallyAfterTheDeadlineStillGetsItsConnectionClosed() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/deadline/stream-past-deadline?millis=600&deadlineAfterCommitMs=200", HEADER, BUDGET);
			RawHttpConnection.Response response = connection.readChunkedResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.body()).startsWith("first\n");
			assertThat(response.complete()).as("terminating chunk received").isFalse();
			assertThat(response.endOfStream()).as("connection closed").isTrue();
			assertThat(awaitAnomaly(response.header("X-Trace-Id")).type())
				.isEqualTo(AnomalyType.DEADLINE_AFTER_COMMIT);
		}
		assertTheNextRequestIsServedCompleteAndKeptAlive();
	}

	@Test
	void aHandlerThatSwallowsTheInterruptAndReturnsGetsItsConnectionClosed() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/deadline/flush-then-sleep?millis=5000&deadlineAfterCommitMs=200", HEADER, BUDGET);
			RawHttpConnection.Response response = connection.readChunkedResponse();
			assertThat(response.body()).isEqualTo("partial");
			assertThat(response.complete()).as("terminating chunk received").isFalse();
			assertThat(response.endOfStream()).as("connection closed").isTrue();
		}
		assertTheNextRequestIsServedCompleteAndKeptAlive();
	}

	/**
	 * The control: on an untouched request the raw client sees the terminating chunk and can
	 * send another request on the same connection, and the thread is not left interrupted.
	 */
	private void assertTheNextRequestIsServedCompleteAndKeptAlive() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			for (int i = 0; i < 2; i++) {
				connection.get("/deadline/stream?chunks=3&intervalMillis=10", HEADER, "2000");
				RawHttpConnection.Response response = connection.readChunkedResponse();
				assertThat(response.head()).startsWith("HTTP/1.1 200");
				assertThat(response.body()).isEqualTo("chunk 0\nchunk 1\nchunk 2\n");
				assertThat(response.complete()).isTrue();
			}
			assertThat(connection.closedByServer(300)).isFalse();
		}
	}

	private Anomaly awaitAnomaly(String traceId) throws InterruptedException {
		assertThat(traceId).isNotNull();
		long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() - end < 0) {
			for (Anomaly anomaly : this.anomalies.latest()) {
				if (traceId.equals(anomaly.traceId())) {
					return anomaly;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no anomaly for " + traceId);
	}

}
