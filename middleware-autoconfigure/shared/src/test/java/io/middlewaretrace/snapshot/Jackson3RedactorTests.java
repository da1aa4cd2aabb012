package io.middlewaretrace.snapshot;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every redaction test again, with JSON redacted by Jackson 3's streaming parser: what a Spring
 * Boot 4 application without Jackson 2 gets.
 */
class Jackson3RedactorTests extends RedactorTests {

	@Override
	Redactor redactor(List<String> headers, List<String> parameters, List<String> fields) {
		return new Redactor(headers, parameters, fields, JsonRedactor.JACKSON_3);
	}

	@Test
	void jackson3IsTakenWhereTheApplicationHasNoJackson2() {
		assertThat(JsonRedactor.detect(getClass().getClassLoader())).isSameAs(JsonRedactor.JACKSON_2);
		assertThat(JsonRedactor.detect(new FilteredClassLoader("com.fasterxml.jackson.core")))
			.isSameAs(JsonRedactor.JACKSON_3);
		assertThat(JsonRedactor.detect(new FilteredClassLoader("com.fasterxml.jackson.core", "tools.jackson.core")))
			.isNull();
	}

}
