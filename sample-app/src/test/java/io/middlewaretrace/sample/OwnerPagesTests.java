package io.middlewaretrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's server-rendered pages on a real Tomcat, as a browser and as a JSON client get
 * them: the owners list, the clinic's own error page with the trace id, and a deadline that
 * passes while the owners page renders.
 */
@ClinicObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OwnerPagesTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void theOwnersPageListsEverySeededOwnerInHtml() throws Exception {
		HttpResponse<String> response = get("/owners", "Accept", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.headers().firstValue("X-Trace-Id")).isPresent();
		String html = response.body();
		assertThat(html).contains("<h1>Owners</h1>");
		for (int id = 1; id <= 10; id++) {
			assertThat(html).contains("id=\"owner-" + id + "\"");
		}
		assertThat(html).contains("<td>George Franklin</td>", "<td>Carlos Estaban</td>", "<td>Waunakee</td>");
	}

	@Test
	void aRenderWithinTheBudgetIsAnsweredInFull() throws Exception {
		HttpResponse<String> response = get("/owners?renderDelayMs=50", "X-Request-Timeout-Ms", "5000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<td>Carlos Estaban</td>").endsWith("</html>\n");
	}

	@Test
	void aBrowserGetsTheClinicsErrorPageWithTheTraceIdAndNoExceptionMessage() throws Exception {
		HttpResponse<String> response = get("/owners/balances", "Accept", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).hasSize(32);
		String html = response.body();
		// the clinic's templates/error.html, not Boot's whitelabel page
		assertThat(html).contains("<h1 id=\"status\">500 Internal Server Error</h1>")
			.contains("<code id=\"trace-id\">" + traceId + "</code>")
			.doesNotContain("Whitelabel")
			.doesNotContain("billing");
	}

	@Test
	void aJsonClientOfTheSameUrlGetsBootsErrorBodyWithTheTraceId() throws Exception {
		HttpResponse<String> response = get("/owners/balances", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("status").asInt()).isEqualTo(500);
		assertThat(body.path("path").asText()).isEqualTo("/owners/balances");
		assertThat(body.path("traceId").asText()).isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
		assertThat(response.body()).doesNotContain("billing");
	}

	@Test
	void aDeadlinePassingWhileThePageRendersIsAnswered504NamingViewRender() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = get("/owners?renderDelayMs=5000", "X-Request-Timeout-Ms", "300");
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(2_000);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("phase").asText()).isEqualTo("view.render");
		assertThat(problem.path("route").asText()).isEqualTo("/owners");
		assertThat(problem.path("budgetMs").asLong()).isEqualTo(300);
		assertThat(problem.path("traceId").asText()).isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
		// nothing of the page reached the client
		assertThat(response.body()).doesNotContain("<html");
	}

	@Test
	void aRenderDelayOutOfRangeIsABadRequest() throws Exception {
		assertThat(get("/owners?renderDelayMs=-1").statusCode()).isEqualTo(400);
		assertThat(get("/owners?renderDelayMs=999999999").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
