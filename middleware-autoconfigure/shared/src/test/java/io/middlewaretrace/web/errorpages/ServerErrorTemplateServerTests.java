package io.middlewaretrace.web.errorpages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.web.errorpages.StarterTwins.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with an {@code error/5xx.html} view for every server error: the browser gets
 * it, with the trace id.
 */
class ServerErrorTemplateServerTests {

	private static StarterTwins twins;

	@BeforeAll
	static void start() {
		twins = StarterTwins.start(new Class<?>[] { ErrorPagesTestApplication.class },
				"spring.thymeleaf.prefix=classpath:/error-pages/5xx/");
	}

	@AfterAll
	static void stop() {
		twins.close();
	}

	@Test
	void browserGetsTheServerErrorViewWithTheTraceId() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom", "Accept", "text/html");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.body()).contains("Our side failed (<span>500</span>)",
				"Reference: <code>" + answer.traceId() + "</code>");
	}

}
