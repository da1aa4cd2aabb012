package io.middlewaretrace.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SpringBootLineMismatchException}: which starter is on the class path, which
 * Spring Boot the application runs, and which starter to declare instead.
 *
 * @since 0.1.0
 */
public class SpringBootLineFailureAnalyzer extends AbstractFailureAnalyzer<SpringBootLineMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SpringBootLineMismatchException cause) {
		String replacement = SpringBootLineMismatchException.starterFor(cause.running());
		return new FailureAnalysis(
				"The application runs Spring Boot " + cause.running() + ", but " + cause.starter()
						+ " is built for Spring Boot " + cause.line() + ".x.",
				"Replace the dependency on io.middlewaretrace:" + cause.starter() + " with io.middlewaretrace:"
						+ replacement + " (the same version), the starter of the Spring Boot line the application"
						+ " runs.",
				cause);
	}

}
