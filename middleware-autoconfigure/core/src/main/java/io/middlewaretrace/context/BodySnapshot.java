package io.middlewaretrace.context;

/**
 * A captured body prefix.
 *
 * @param contentType the declared content type, or {@code null}
 * @param bytesSeen how many body bytes passed by while the request ran (not only the captured
 * ones)
 * @param truncated whether the body was longer than what was captured
 * @param text the captured prefix as text, sensitive fields redacted; {@code null} for binary
 * or multipart bodies and when values are not shown
 * @param summary a short description when the content is not shown as text (for example
 * {@code "binary, 1048576 bytes"}), otherwise {@code null}
 * @since 0.1.0
 */
public record BodySnapshot(String contentType, long bytesSeen, boolean truncated, String text, String summary) {

	static BodySnapshot withoutContent(BodySnapshot body) {
		if (body == null || body.text == null) {
			return body;
		}
		return new BodySnapshot(body.contentType, body.bytesSeen, body.truncated, null, "not shown");
	}

}
