package io.middlewaretrace.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body the container cannot read (a malformed chunk, extension or trailer, a body
 * shorter than its Content-Length) gets the answer the container gives without the starter, on
 * a real embedded Tomcat with Spring Security and the starter's defaults (bodies captured for
 * snapshots): the same status and error body, no ERROR logged, no anomaly, and an access line
 * with the status the client got. "Without the starter" is the same application with
 * {@code middleware.enabled=false}, started next to it.
 */
@SpringBootTest(classes = { TestApplication.class, MalformedBodyServerTests.BodyEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "middleware.access-log.output=logger")
class MalformedBodyServerTests {

	private static final String HEAD = " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nConnection: close\r\n";

	private static final String CHUNKED = HEAD + "Transfer-Encoding: chunked\r\n\r\n";

	private static ConfigurableApplicationContext containerAlone;

	@LocalServerPort
	private int port;

	@Autowired
	private AnomalyRegistry anomalies;

	@BeforeAll
	static void startTheApplicationWithoutTheStarter() {
		containerAlone = new SpringApplicationBuilder(TestApplication.class, BodyEndpoints.class)
			.properties("middleware.enabled=false", "server.port=0", "spring.jmx.enabled=false")
			.run();
	}

	@AfterAll
	static void stopTheApplicationWithoutTheStarter() {
		containerAlone.close();
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(
				Arguments.of("invalid chunk size, body read as a stream",
						"POST /bad-input/stream" + CHUNKED + "zz\r\nabc\r\n0\r\n\r\n", false),
				Arguments.of("invalid chunk size, body read by a message converter",
						"POST /bad-input/body" + CHUNKED + "zz\r\nabc\r\n0\r\n\r\n", false),
				Arguments.of("invalid chunk extension", "POST /bad-input/stream" + CHUNKED + "3;a=\"\u0001\"\r\nabc\r\n0\r\n\r\n",
						false),
				Arguments.of("chunk longer than its size", "POST /bad-input/stream" + CHUNKED + "3\r\nabcXX\r\n0\r\n\r\n",
						false),
				Arguments.of("invalid trailer", "POST /bad-input/stream" + CHUNKED + "3\r\nabc\r\n0\r\nBad Trailer\r\n\r\n",
						false),
				Arguments.of("body shorter than its length, client gone, stream",
						"POST /bad-input/stream" + HEAD + "Content-Length: 100\r\n\r\nabc", true),
				Arguments.of("body shorter than its length, client gone, message converter",
						"POST /bad-input/body" + HEAD + "Content-Length: 100\r\n\r\nabc", true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableBodies")
	void getsTheContainersAnswerWithoutAnErrorOrAnomaly(String name, String request, boolean closeAfterSending)
			throws Exception {
		Response alone = exchange(port(containerAlone), request, closeAfterSending);
		assertThat(alone.status()).as("the container's own answer").isBetween(400, 499);
		long anomaliesBefore = anomalyCount();
		try (JsonLogCapture errors = JsonLogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
				JsonLogCapture accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME)) {
			Response withStarter = exchange(this.port, request, closeAfterSending);
			assertThat(withStarter.status()).as(withStarter.raw()).isEqualTo(alone.status());
			String traceId = withStarter.header("X-Trace-Id");
			// the application's error body, plus the trace id the starter adds to Boot's error attributes
			assertThat(withStarter.bodyWithoutTimestamp().replace(",\"traceId\":\"" + traceId + "\"", ""))
				.isEqualTo(alone.bodyWithoutTimestamp());
			JsonNode line = accessLog.awaitField("trace_id", traceId);
			assertThat(line.path("http_status").asInt()).isEqualTo(withStarter.status());
			assertThat(errors.lines()).filteredOn((event) -> Level.ERROR.levelStr.equals(event.path("level").asText()))
				.isEmpty();
		}
		assertThat(anomalyCount()).as("anomalies: %s", this.anomalies.latest()).isEqualTo(anomaliesBefore);
	}

	private long anomalyCount() {
		long count = 0;
		for (Map.Entry<?, Long> entry : this.anomalies.counts().entrySet()) {
			count += entry.getValue();
		}
		return count;
	}

	private static int port(ConfigurableApplicationContext context) {
		// what Spring Boot publishes once the web server listens, the same on each line
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Sends raw bytes no client library would send, then reads the answer to the end of the
	 * connection ({@code Connection: close}).
	 */
	private static Response exchange(int port, String request, boolean closeAfterSending) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			if (closeAfterSending) {
				socket.shutdownOutput();
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return new Response(answer.toString(StandardCharsets.ISO_8859_1));
		}
	}

	record Response(String raw) {

		int status() {
			// "HTTP/1.1 400 "
			return Integer.parseInt(this.raw.substring(9, 12));
		}

		String header(String name) {
			String head = this.raw.substring(0, this.raw.indexOf("\r\n\r\n"));
			for (String line : head.split("\r\n")) {
				if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
					return line.substring(name.length() + 1).strip();
				}
			}
			throw new AssertionError("no " + name + " header in\n" + this.raw);
		}

		/**
		 * The body, de-chunked (chunk sizes differ with its length), without its timestamp.
		 */
		String bodyWithoutTimestamp() {
			String head = this.raw.substring(0, this.raw.indexOf("\r\n\r\n"));
			String body = this.raw.substring(this.raw.indexOf("\r\n\r\n") + 4);
			if (head.toLowerCase().contains("transfer-encoding: chunked")) {
				StringBuilder data = new StringBuilder();
				int at = 0;
				while (at < body.length()) {
					int lineEnd = body.indexOf("\r\n", at);
					if (lineEnd < 0) {
						break;
					}
					int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
					if (size == 0) {
						break;
					}
					data.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
					at = lineEnd + 2 + size + 2;
				}
				body = data.toString();
			}
			return body.replaceAll("\"timestamp\":\"[^\"]*\"", "");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BodyEndpoints {

		@RestController
		static class BodyController {

			@PostMapping("/bad-input/stream")
			String stream(HttpServletRequest request) throws IOException {
				return "read " + request.getInputStream().readAllBytes().length;
			}

			@PostMapping("/bad-input/body")
			String body(@RequestBody String body) {
				return "read " + body.length();
			}

		}

	}

}
