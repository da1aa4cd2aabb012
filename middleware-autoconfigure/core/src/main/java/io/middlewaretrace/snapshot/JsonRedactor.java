package io.middlewaretrace.snapshot;

import java.nio.charset.Charset;
import java.util.Set;

import org.springframework.util.ClassUtils;

/**
 * Redacts a JSON body with the streaming parser of the Jackson the application has: Jackson 2
 * ({@code com.fasterxml.jackson.core}, Spring Boot 3.5's) or Jackson 3
 * ({@code tools.jackson.core}, Spring Boot 4's). Both copy token by token and stop at the same
 * places (see {@link JsonRedaction}).
 */
@FunctionalInterface
interface JsonRedactor {

	// Lambdas, not method references: a method reference is linked when this interface is
	// initialised, which loads the redaction class and with it the Jackson it is written
	// against, so an application with only one Jackson would fail to start. A lambda's body
	// names the class only when it runs.

	/**
	 * Redacts with Jackson 2.
	 */
	JsonRedactor JACKSON_2 = (bytes, charset, truncated, fields) -> JsonRedaction.redact(bytes, charset, truncated,
			fields);

	/**
	 * Redacts with Jackson 3.
	 */
	JsonRedactor JACKSON_3 = (bytes, charset, truncated, fields) -> Jackson3JsonRedaction.redact(bytes, charset,
			truncated, fields);

	/**
	 * Returns the redacted JSON, or {@code null} when the bytes are not text in
	 * {@code charset}.
	 * @param bytes the body, or a prefix of it
	 * @param charset the declared charset, or {@code null}
	 * @param truncated whether the bytes are a prefix
	 * @param fields the sensitive field names, in lower case
	 * @return the redacted text
	 */
	String redact(byte[] bytes, Charset charset, boolean truncated, Set<String> fields);

	/**
	 * Returns the redactor of the Jackson on the class path, Jackson 2 first, or {@code null}
	 * without either.
	 * @param classLoader where to look
	 * @return the redactor or {@code null}
	 */
	static JsonRedactor detect(ClassLoader classLoader) {
		if (ClassUtils.isPresent("com.fasterxml.jackson.core.JsonParser", classLoader)) {
			return JACKSON_2;
		}
		if (ClassUtils.isPresent("tools.jackson.core.JsonParser", classLoader)) {
			return JACKSON_3;
		}
		return null;
	}

}
