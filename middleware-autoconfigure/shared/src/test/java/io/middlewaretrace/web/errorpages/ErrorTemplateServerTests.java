package io.middlewaretrace.web.errorpages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.web.errorpages.StarterTwins.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server-rendered application with its own {@code error.html} Thymeleaf view, an error page
 * registered for one exception type, and error messages and exception names switched on: an
 * exception that escapes a handler or a filter is answered exactly as without the starter, the
 * browser's error page and the JSON client's error body now carry the trace id.
 */
class ErrorTemplateServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static StarterTwins twins;

	@BeforeAll
	static void start() {
		twins = StarterTwins.start(
				new Class<?>[] { ErrorPagesTestApplication.class, ErrorPageVariants.ErrorTemplate.class },
				"spring.thymeleaf.prefix=classpath:/error-pages/template/", BootLineSupport.ERROR + ".include-message=always",
				BootLineSupport.ERROR + ".include-exception=true");
	}

	@AfterAll
	static void stop() {
		twins.close();
	}

	@Test
	void browserGetsTheApplicationsErrorPageWithTheTraceIdOnIt() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom", "Accept", "text/html");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.contentType()).startsWith("text/html");
		assertThat(answer.body()).contains("<h1>500 Internal Server Error</h1>", "Page: <span>/boom</span>",
				"Exception: <span>java.lang.IllegalStateException</span>",
				"Please quote <code>" + answer.traceId() + "</code>");
	}

	@Test
	void jsonClientGetsBootsErrorBodyWithTheTraceId() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom", "Accept", "application/json");
		assertThat(answer.contentType()).startsWith("application/json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.path("status").asInt()).isEqualTo(500);
		assertThat(body.path("path").asText()).isEqualTo("/boom");
		assertThat(body.path("message").asText()).isEqualTo("boom, card=4111");
		assertThat(body.path("exception").asText()).isEqualTo("java.lang.IllegalStateException");
		assertThat(body.path("traceId").asText()).isEqualTo(answer.traceId());
	}

	@Test
	void clientThatSaysNothingGetsBootsErrorBody() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom");
		assertThat(answer.contentType()).startsWith("application/json");
		assertThat(JSON.readTree(answer.body()).path("traceId").asText()).isEqualTo(answer.traceId());
	}

	@Test
	void exceptionEscapingAFilterGetsTheSameErrorPageAndBody() throws Exception {
		Answer page = twins.assertSameAnswer("/filter-boom", "Accept", "text/html");
		assertThat(page.body()).contains("Page: <span>/filter-boom</span>", page.traceId());
		Answer json = twins.assertSameAnswer("/filter-boom", "Accept", "application/json");
		assertThat(JSON.readTree(json.body()).path("traceId").asText()).isEqualTo(json.traceId());
	}

	@Test
	void exceptionWithAnErrorPageOfItsOwnReachesItWithTheContainersAttributes() throws Exception {
		Answer answer = twins.assertSameAnswer("/out-of-stock");
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.body()).startsWith("Out of stock: status=500, message=Request processing failed")
			.contains("exception=" + ErrorPagesTestApplication.OutOfStockException.class.getName());
	}

	@Test
	void exceptionFromAnAsyncHandlerGetsTheSameErrorBody() throws Exception {
		Answer answer = twins.assertSameAnswer("/async-boom", "Accept", "application/json");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(JSON.readTree(answer.body()).path("traceId").asText()).isEqualTo(answer.traceId());
	}

	@Test
	void failureAfterTheResponseWasCommittedEndsAsWithoutTheStarter() throws Exception {
		// Tomcat includes the error page after what was already sent, and closes the connection
		Answer answer = twins.assertSameRawAnswer("/fail-after-commit", "GET /fail-after-commit HTTP/1.1\r\n"
				+ "Host: 127.0.0.1\r\nAccept: text/html\r\n\r\n");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).startsWith("partial<!DOCTYPE html>")
			.contains("Please quote <code>" + answer.traceId() + "</code>");
	}

	@Test
	void malformedRequestBodyGetsTheContainersAnswerNotAServerError() throws Exception {
		Answer answer = twins.assertSameRawAnswer("/upload", "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Accept: application/json\r\nContent-Type: application/octet-stream\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nnot-a-chunk-size\r\nhello\r\n0\r\n\r\n");
		assertThat(answer.status()).isEqualTo(400);
	}

}
