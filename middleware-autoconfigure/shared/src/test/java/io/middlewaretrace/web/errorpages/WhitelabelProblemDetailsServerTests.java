package io.middlewaretrace.web.errorpages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.web.errorpages.StarterTwins.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without error views of its own (Spring Boot's Whitelabel page) that asked
 * Spring MVC for problem details ({@code spring.mvc.problemdetails.enabled=true}) and writes its
 * own {@code ProblemDetail} for one exception: problem+json where it asked for it, with the trace
 * id; Boot's answers everywhere else, exactly as without the starter.
 */
class WhitelabelProblemDetailsServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static StarterTwins twins;

	@BeforeAll
	static void start() {
		twins = StarterTwins.start(new Class<?>[] { ErrorPagesTestApplication.class },
				"spring.mvc.problemdetails.enabled=true");
	}

	@AfterAll
	static void stop() {
		twins.close();
	}

	@Test
	void browserGetsTheWhitelabelPage() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom", "Accept", "text/html");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.body()).contains("<h1>Whitelabel Error Page</h1>", "(type=Internal Server Error, status=500)");
	}

	@Test
	void jsonClientGetsBootsErrorBodyForAnExceptionSpringMvcDoesNotKnow() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom", "Accept", "application/json");
		assertThat(answer.contentType()).isEqualTo("application/json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.path("error").asText()).isEqualTo("Internal Server Error");
		assertThat(body.path("traceId").asText()).isEqualTo(answer.traceId());
		assertThat(answer.body()).doesNotContain("4111");
	}

	@Test
	void springMvcProblemDetailCarriesTheTraceId() throws Exception {
		Answer answer = twins.assertSameAnswer("/owners/7", "Accept", "application/json");
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("detail").asText()).isEqualTo("No owner 7");
		assertThat(problem.path("traceId").asText()).isEqualTo(answer.traceId());
	}

	@Test
	void applicationsOwnProblemDetailCarriesTheTraceId() throws Exception {
		Answer answer = twins.assertSameAnswer("/invoices/12", "Accept", "application/json");
		assertThat(answer.status()).isEqualTo(422);
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("invoice").asLong()).isEqualTo(12);
		assertThat(problem.path("traceId").asText()).isEqualTo(answer.traceId());
	}

	@Test
	void exceptionEscapingAFilterGetsBootsErrorBody() throws Exception {
		Answer answer = twins.assertSameAnswer("/filter-boom", "Accept", "application/json");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(JSON.readTree(answer.body()).path("path").asText()).isEqualTo("/filter-boom");
	}

}
