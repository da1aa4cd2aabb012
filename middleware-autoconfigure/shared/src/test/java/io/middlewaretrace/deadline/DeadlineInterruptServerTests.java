package io.middlewaretrace.deadline;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's interrupt never reaches the container's I/O, on a real embedded Tomcat: a probe
 * between the starter's response wrapper and the container stands for the container's blocking
 * writes. One request thread, so that a request after an interrupted one runs on its thread.
 */
@SpringBootTest(classes = { TestApplication.class, InterruptProbeEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "server.tomcat.threads.max=1",
				"middleware.deadline.default-timeout=3s" })
class DeadlineInterruptServerTests {

	private static final String HEADER = "X-Request-Timeout-Ms";

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder deadlines;

	@BeforeEach
	void clearViolations() {
		InterruptProbeEndpoints.VIOLATIONS.clear();
	}

	/**
	 * The deadline passes while the thread is inside a blocking container write (it spends
	 * nearly all its time there): the interrupt waits until the write returned, then stops the
	 * handler, whose next write is refused and whose response is cut.
	 */
	@Test
	void aDeadlinePassingDuringAContainerWriteIsHeldBackUntilTheWriteReturns() throws Exception {
		long start = System.nanoTime();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/probe/writes?chunks=50", HEADER, "150");
			RawHttpConnection.Response response = connection.readResponse();
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(InterruptProbeEndpoints.VIOLATIONS).isEmpty();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.complete()).isFalse();
			assertThat(response.body().length()).isLessThan(50 * 1024);
			assertThat(tookMs).as("50 writes of %d ms take 2 s; stopped after", InterruptProbeEndpoints.WRITE_MILLIS)
				.isLessThan(1_000);
			DeadlineRecord record = awaitRecord(response.header("X-Trace-Id"));
			assertThat(record.outcome()).isEqualTo("cut");
		}
		assertTheNextRequestIsNotInterrupted();
	}

	/**
	 * A handler that restores the interrupt flag and writes anyway: its write is refused before
	 * it reaches the container, and the client gets the 504.
	 */
	@Test
	void aHandlerThatKeepsTheInterruptFlagNeverReachesTheContainerWithIt() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/probe/swallow-then-write?millis=3000", HEADER, "150");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(InterruptProbeEndpoints.VIOLATIONS).isEmpty();
			assertThat(response.head()).startsWith("HTTP/1.1 504");
			assertThat(response.complete()).isTrue();
			assertThat(response.body()).doesNotContain("late body");
		}
		assertTheNextRequestIsNotInterrupted();
	}

	private void assertTheNextRequestIsNotInterrupted() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.get("/probe/writes?chunks=3", HEADER, "2000");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.complete()).isTrue();
			assertThat(response.body()).hasSize(3 * 1024);
		}
		assertThat(InterruptProbeEndpoints.VIOLATIONS).isEmpty();
	}

	private DeadlineRecord awaitRecord(String traceId) throws InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() - end < 0) {
			DeadlineRecord record = this.deadlines.find(traceId);
			if (record != null) {
				return record;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no deadline record for " + traceId);
	}

}
