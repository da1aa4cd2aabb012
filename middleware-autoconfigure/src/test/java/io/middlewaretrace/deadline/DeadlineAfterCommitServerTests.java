package io.middlewaretrace.deadline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.anomaly.Anomaly;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.anomaly.AnomalyType;
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
				"middleware.deadline.default-timeout=3s" })
class DeadlineAfterCommitServerTests {

	private static final String HEADER = "X-Request-Timeout-Ms";

	@LocalServerPort
	private int port;

	@Autowired
	private AnomalyRegistry anomalies;

	@Test
	void aStreamCutAtTheDeadlineEndsWithoutItsTerminatingChunkAndClosesTheConnection() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			long start = System.nanoTime();
			connection.get("/deadline/stream?chunks=50&intervalMillis=100", HEADER, "300");
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

	@Test
	void aHandlerThatFinishesNormallyAfterTheDeadlineStillGetsItsConnectionClosed() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/deadline/stream-past-deadline?millis=600", HEADER, "200");
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
			connection.get("/deadline/flush-then-sleep?millis=5000", HEADER, "200");
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
