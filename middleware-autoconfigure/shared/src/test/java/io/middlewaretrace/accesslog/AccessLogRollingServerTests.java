package io.middlewaretrace.accesslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.middlewaretrace.testapp.AccessLogFileServerTest;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's own file output rolls over as configured, on a real server: with a 1 KB
 * maximum, a few requests fill archives named with the day, and every line of every file is a
 * whole JSON line, each request's exactly once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.output=file", "middleware.access-log.flush-interval=20ms",
				"middleware.access-log.rolling-policy.max-file-size=1KB" })
class AccessLogRollingServerTests extends AccessLogFileServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void rollsTheFileOverIntoArchivesOfWholeLines() throws Exception {
		LocalServer server = server();
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			traceIds.add(server.get("/api/owners/" + (i % 5 + 1)).headers().firstValue("X-Trace-Id").orElseThrow());
			// one batch per request or so: the writer flushes every 20 ms
			Thread.sleep(30);
		}
		List<JsonNode> lines = awaitLines(traceIds.size());
		assertThat(lines).extracting((line) -> line.path("trace_id").asText())
			.containsExactlyInAnyOrderElementsOf(traceIds);
		assertThat(archives()).isNotEmpty().allMatch((name) -> name.matches("access-\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"));
	}

	private List<JsonNode> awaitLines(int count) throws Exception {
		long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<JsonNode> lines = lines();
		while (lines.size() < count && System.nanoTime() - giveUp < 0) {
			Thread.sleep(20);
			lines = lines();
		}
		return lines;
	}

	// every line of the file and its archives parses: no line was split between two files
	private List<JsonNode> lines() throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		try (Stream<Path> files = Files.list(logs)) {
			for (Path file : files.toList()) {
				for (String line : Files.readAllLines(file)) {
					lines.add(JSON.readTree(line));
				}
			}
		}
		return lines;
	}

	private List<String> archives() throws Exception {
		try (Stream<Path> files = Files.list(logs)) {
			return files.map((path) -> path.getFileName().toString()).filter((name) -> !name.equals("access.log")).toList();
		}
	}

}
