package io.middlewaretrace.deadline;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body that arrives slower than the request's budget, on a real embedded Tomcat with
 * one request thread: a drip and a stalled upload both end at the deadline with {@code 408}, and
 * the thread serves the next request at once.
 */
@SpringBootTest(classes = { TestApplication.class, RequestBodyTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=logger", "server.tomcat.threads.max=1",
				"middleware.deadline.default-timeout=10s" })
class DeadlineRequestBodyServerTests {

	private static final String BUDGET_MS = "400";

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder deadlines;

	@ParameterizedTest
	@ValueSource(strings = { "/body/converted", "/body/stream" })
	void aDrippingBodyEndsAtTheDeadline(String path) throws Exception {
		long start = System.nanoTime();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.send(head(path, 100));
			RawHttpConnection.Response response = null;
			// one byte every 50 ms: the whole body would take 5 s
			for (int i = 0; i < 100; i++) {
				try {
					connection.send("x");
				}
				catch (java.io.IOException ex) {
					// the server answered and closed the connection: the drip ends here
					break;
				}
				Thread.sleep(50);
				if (System.nanoTime() - start > Duration.ofMillis(700).toNanos()) {
					break;
				}
			}
			response = connection.readResponse();
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(response.head()).startsWith("HTTP/1.1 408");
			assertThat(tookMs).isLessThan(1_500);
			assertRecord(response.header("X-Trace-Id"));
		}
		assertTheThreadServesTheNextRequest();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/body/converted", "/body/stream" })
	void aStalledUploadEndsAtTheDeadline(String path) throws Exception {
		long start = System.nanoTime();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.send(head(path, 100) + "only ten b");
			RawHttpConnection.Response response = connection.readResponse();
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(response.head()).startsWith("HTTP/1.1 408");
			assertThat(tookMs).isLessThan(1_500);
			assertRecord(response.header("X-Trace-Id"));
		}
		assertTheThreadServesTheNextRequest();
	}

	private void assertRecord(String traceId) throws InterruptedException {
		DeadlineRecord record = null;
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (record == null && System.nanoTime() - end < 0) {
			record = this.deadlines.find(traceId);
			Thread.sleep(10);
		}
		assertThat(record).as("deadline record of %s", traceId).isNotNull();
		assertThat(record.phase()).isEqualTo(DeadlineRequest.PHASE);
		assertThat(record.outcome()).isEqualTo("exceeded");
		assertThat(record.status()).isEqualTo(408);
	}

	private void assertTheThreadServesTheNextRequest() throws Exception {
		long start = System.nanoTime();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.send(head("/body/stream", 5) + "hello");
			RawHttpConnection.Response response = connection.readResponse();
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.body()).isEqualTo("read 5");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(1_000);
	}

	private static String head(String path, int length) {
		return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " + length
				+ "\r\nX-Request-Timeout-Ms: " + BUDGET_MS + "\r\n\r\n";
	}

}
