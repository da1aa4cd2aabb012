package io.middlewaretrace.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's pages in a real browser: headless Chromium loads them from the app on a random
 * port and this test reads the DOM it built ({@code --dump-dom}): the owners list, the clinic's
 * error page with the trace id, and the 504 of a deadline that passed while the page rendered.
 * The DOMs and screenshots go to {@code target/browser}. Runs under {@code -Pbrowser} (maven-failsafe) and fails, rather than
 * skips, when no Chromium is installed ({@code apt-get install chromium}; another binary with
 * {@code -Dchromium=/path/to/chrome}).
 */
@ClinicObservability
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OwnerPagesBrowserIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Path OUTPUT = Paths.get("target", "browser");

	private static final Pattern TRACE_ID = Pattern.compile("<code id=\"trace-id\">([0-9a-f]{32})</code>");

	@LocalServerPort
	private int port;

	@BeforeAll
	static void chromiumIsInstalled() throws IOException {
		assertThat(new File(chromium()).canExecute()).as("Chromium at %s (install it: apt-get install chromium)", chromium())
			.isTrue();
		Files.createDirectories(OUTPUT);
	}

	@Test
	void theBrowserShowsTheOwnersList() throws Exception {
		String dom = dumpDom("/owners", "owners");
		assertThat(dom).contains("<title>Owners - clinic</title>", "<h1>Owners</h1>")
			.contains("id=\"owner-1\"", "id=\"owner-10\"")
			.contains("<td>George Franklin</td>", "<td>Carlos Estaban</td>");
		assertThat(screenshot("/owners", "owners")).isNotEmpty();
	}

	@Test
	void theBrowserShowsTheClinicsErrorPageWithTheTraceIdOfTheFailedRequest(CapturedOutput output) throws Exception {
		String dom = dumpDom("/owners/balances", "balances");
		assertThat(dom).contains("<h1 id=\"status\">500 Internal Server Error</h1>")
			.doesNotContain("Whitelabel")
			.doesNotContain("billing");
		Matcher traceId = TRACE_ID.matcher(dom);
		assertThat(traceId.find()).as("a trace id in the error page:%n%s", dom).isTrue();
		// the id the page shows is the one the failed request logged its ERROR line with
		JsonNode error = awaitJsonLine(output, "\"traceId\":\"" + traceId.group(1) + "\"", "\"level\":\"ERROR\"");
		assertThat(error.path("route").asText()).isEqualTo("/owners/balances");
		assertThat(error.path("stack_trace").asText()).contains("billing system is unreachable");
		assertThat(screenshot("/owners/balances", "balances")).isNotEmpty();
	}

	@Test
	void theBrowserShowsA504NamingViewRenderWhenTheDeadlinePassesWhileThePageRenders() throws Exception {
		// a browser sends no X-Request-Timeout-Ms: the sample's default deadline, 10 s, passes
		String dom = dumpDom("/owners?renderDelayMs=60000", "render-deadline");
		assertThat(dom).contains("\"status\":504", "\"phase\":\"view.render\"", "\"route\":\"/owners\"")
			.doesNotContain("<h1>Owners</h1>");
	}

	private String dumpDom(String path, String name) throws Exception {
		Path dom = OUTPUT.resolve(name + ".html");
		run(name + "-dom", dom, "--dump-dom", url(path));
		return Files.readString(dom, StandardCharsets.UTF_8);
	}

	private byte[] screenshot(String path, String name) throws Exception {
		Path png = OUTPUT.resolve(name + ".png").toAbsolutePath();
		Files.deleteIfExists(png);
		run(name + "-screenshot", null, "--window-size=1024,768", "--screenshot=" + png, url(path));
		return Files.readAllBytes(png);
	}

	private void run(String name, Path stdout, String... arguments) throws Exception {
		Path profile = Files.createTempDirectory("chromium-profile");
		List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
		command.addAll(List.of(arguments));
		Path stderr = OUTPUT.resolve(name + ".stderr.txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
		builder.redirectOutput((stdout != null) ? stdout.toFile() : OUTPUT.resolve(name + ".stdout.txt").toFile());
		Process chromium = builder.start();
		if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
			chromium.destroyForcibly();
			throw new AssertionError("Chromium did not finish in 90 s: " + command + "; see " + stderr);
		}
		assertThat(chromium.exitValue()).as("exit value of %s; see %s", command, stderr).isZero();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String chromium() {
		return System.getProperty("chromium", "/usr/bin/chromium");
	}

	private static JsonNode awaitJsonLine(CapturedOutput output, String... fragments) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : output.getOut().split("\n")) {
				if (line.startsWith("{") && containsAll(line, fragments)) {
					return JSON.readTree(line);
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no JSON line containing " + List.of(fragments) + " in standard output");
	}

	private static boolean containsAll(String line, String... fragments) {
		for (String fragment : fragments) {
			if (!line.contains(fragment)) {
				return false;
			}
		}
		return true;
	}

}
