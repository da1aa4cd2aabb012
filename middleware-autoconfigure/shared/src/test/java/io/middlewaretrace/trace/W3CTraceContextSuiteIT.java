package io.middlewaretrace.trace;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the W3C trace-context test suite ({@code test/test.py} of
 * {@code github.com/w3c/trace-context}, which needs Python 3 and {@code aiohttp}) against the
 * starter on a real embedded Tomcat, with {@link TraceContextEndpoints} as the test service. Run
 * by Maven's failsafe plugin under the {@code w3c} profile only (the suite is not on Maven
 * Central); {@code W3C_TRACE_CONTEXT_SUITE} names the suite's {@code test} directory, the suite's
 * own {@code STRICT_LEVEL} and {@code SPEC_LEVEL} are passed on, and
 * {@code W3C_TRACE_CONTEXT_ALLOWED_FAILURES} lists (comma separated) the test names allowed to
 * fail. See docs/trace-context.md for the command and the figures.
 */
@WithObservability
@SpringBootTest(classes = { TestApplication.class, TraceContextEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		// the logger output: the default appender would stay attached to the shared logger context
		// as long as the cached application context lives
		properties = { "management.tracing.sampling.probability=1.0", "middleware.access-log.output=logger" })
class W3CTraceContextSuiteIT {

	/**
	 * One result of Python's unittest runner: the name, an optional docstring line, the outcome.
	 */
	private static final Pattern RESULT = Pattern
		.compile("^(test_\\w+) \\(__main__\\.[^)]*\\)(?:\\n[^\\n]*?)? \\.\\.\\. (ok|FAIL|ERROR|skipped[^\\n]*)$", Pattern.MULTILINE);

	@LocalServerPort
	private int port;

	@Test
	void passesTheW3CTraceContextSuite() throws Exception {
		String directory = System.getenv("W3C_TRACE_CONTEXT_SUITE");
		assertThat(directory).as("W3C_TRACE_CONTEXT_SUITE, the suite's test directory (docs/trace-context.md)")
			.isNotBlank();
		File suite = new File(directory);
		assertThat(new File(suite, "test.py")).as("the suite's test.py").isFile();
		ProcessBuilder python = new ProcessBuilder(System.getenv().getOrDefault("W3C_TRACE_CONTEXT_PYTHON", "python3"),
				"test.py", "http://127.0.0.1:" + this.port + "/test").directory(suite).redirectErrorStream(true);
		python.environment().put("HARNESS_PORT", String.valueOf(freePort()));
		python.environment().putIfAbsent("SPEC_LEVEL", "1");
		Process process = python.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		System.out.println(output);
		List<String> failed = new ArrayList<>();
		int passed = 0;
		int skipped = 0;
		Matcher result = RESULT.matcher(output);
		while (result.find()) {
			String outcome = result.group(2);
			if (outcome.equals("ok")) {
				passed++;
			}
			else if (outcome.startsWith("skipped")) {
				skipped++;
			}
			else {
				failed.add(result.group(1));
			}
		}
		System.out.println("W3C trace-context suite: STRICT_LEVEL=" + System.getenv("STRICT_LEVEL") + " SPEC_LEVEL="
				+ python.environment().get("SPEC_LEVEL") + ": " + passed + " passed, " + failed.size() + " failed "
				+ failed + ", " + skipped + " skipped");
		assertThat(passed + failed.size()).as("suite output:%n%s", output).isPositive();
		List<String> allowed = Arrays
			.asList(System.getenv().getOrDefault("W3C_TRACE_CONTEXT_ALLOWED_FAILURES", "").split(","));
		assertThat(failed).as("suite output:%n%s", output).isSubsetOf(allowed);
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
