package io.middlewaretrace.web.errorpages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.web.errorpages.StarterTwins.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with an {@code ErrorController} of its own that reads the container's error
 * attributes itself: it sees what the container gives it without the starter, the exception
 * as the container would have it included.
 */
class CustomErrorControllerServerTests {

	private static StarterTwins twins;

	@BeforeAll
	static void start() {
		twins = StarterTwins.start(
				new Class<?>[] { ErrorPagesTestApplication.class, BootErrorPages.CustomErrorController.class });
	}

	@AfterAll
	static void stop() {
		twins.close();
	}

	@Test
	void handlerExceptionReachesTheApplicationsErrorController() throws Exception {
		Answer answer = twins.assertSameAnswer("/boom");
		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.contentType()).startsWith("text/plain");
		assertThat(answer.body()).startsWith("Sorry: status=500, uri=/boom")
			.contains("exception=jakarta.servlet.ServletException", "cause=java.lang.IllegalStateException");
	}

	@Test
	void filterExceptionReachesTheApplicationsErrorController() throws Exception {
		Answer answer = twins.assertSameAnswer("/filter-boom");
		assertThat(answer.body()).startsWith("Sorry: status=500, uri=/filter-boom")
			.contains("exception=java.lang.IllegalStateException");
	}

	@Test
	void errorControllerThatFailsItselfGetsTheContainersAnswer() throws Exception {
		Answer answer = twins.assertSameAnswer("/broken-error-page");
		assertThat(answer.status()).isEqualTo(500);
	}

}
