package io.middlewaretrace.snapshot;

import io.middlewaretrace.context.BodySnapshot;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.web.BodyCapture;
import io.middlewaretrace.web.ContentType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Redacts secrets out of what a snapshot shows: header values, query and form parameter values,
 * and the values of sensitive fields in JSON and XML bodies. Names are compared
 * case-insensitively; {@link #ALWAYS_REDACTED_HEADERS} are redacted whatever the settings.
 * <p>
 * Bodies are shown as text only when their content type is textual and they decode:
 * <ul>
 * <li>JSON ({@code application/json}, {@code +json}, {@code application/x-ndjson}): copied
 * token by token with Jackson's streaming parser, sensitive fields' values (scalars, objects or
 * arrays, at any depth) masked; the copy stops with {@code …[truncated]} at the end of a
 * truncated prefix and with {@code …[unparsable]} at invalid JSON, so no text is shown that was
 * not parsed. Jackson 2 or Jackson 3, whichever the application has; without either JSON is
 * summarised, not shown;</li>
 * <li>{@code application/x-www-form-urlencoded}: sensitive parameters masked;</li>
 * <li>XML ({@code application/xml}, {@code text/xml}, {@code +xml}): content of elements and
 * values of attributes named like sensitive fields masked, by a simple scan (no parser);</li>
 * <li>other {@code text/*}: as they are.</li>
 * </ul>
 * Multipart, binary and undecodable bodies get a summary instead (for example
 * {@code "binary, 1048576 bytes"} or {@code "multipart/form-data, 3 parts"}).
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Redactor {

	/**
	 * Headers whose values are always redacted.
	 */
	public static final List<String> ALWAYS_REDACTED_HEADERS = List.of("Authorization", "Proxy-Authorization",
			"Cookie", "Set-Cookie");

	private static final byte[] EMPTY = {};

	private static final JsonRedactor detectedJson = JsonRedactor.detect(Redactor.class.getClassLoader());

	private final Set<String> headers;

	private final Set<String> parameters;

	private final Set<String> fields;

	private final JsonRedactor json;

	/**
	 * Creates a redactor.
	 * @param headers header names redacted in addition to {@link #ALWAYS_REDACTED_HEADERS}
	 * @param parameters query and form parameter names whose values are redacted
	 * @param fields JSON field, XML element and XML attribute names whose values are redacted
	 */
	public Redactor(Collection<String> headers, Collection<String> parameters, Collection<String> fields) {
		this(headers, parameters, fields, detectedJson);
	}

	Redactor(Collection<String> headers, Collection<String> parameters, Collection<String> fields,
			JsonRedactor json) {
		this.json = json;
		Set<String> allHeaders = names(headers);
		allHeaders.addAll(ALWAYS_REDACTED_HEADERS);
		this.headers = Collections.unmodifiableSet(allHeaders);
		this.parameters = Collections.unmodifiableSet(names(parameters));
		this.fields = Collections.unmodifiableSet(names(fields));
	}

	/**
	 * Returns whether a header's values are redacted.
	 * @param name the header name, in any case
	 * @return whether its values are redacted
	 */
	public boolean isSensitiveHeader(String name) {
		return name != null && this.headers.contains(name);
	}

	/**
	 * Returns whether a query or form parameter's values are redacted.
	 * @param name the decoded parameter name, in any case
	 * @return whether its values are redacted
	 */
	public boolean isSensitiveParameter(String name) {
		return name != null && this.parameters.contains(name);
	}

	/**
	 * Returns whether a body field's values are redacted.
	 * @param name the JSON field, XML element or XML attribute name, in any case
	 * @return whether its values are redacted
	 */
	public boolean isSensitiveField(String name) {
		return name != null && this.fields.contains(name);
	}

	/**
	 * Returns a copy of the headers, each value of a sensitive header replaced by
	 * {@link Snapshot#MASK}.
	 * @param headers header names and their values
	 * @return the redacted copy, in the same order
	 */
	public Map<String, List<String>> redactHeaders(Map<String, ? extends Collection<String>> headers) {
		Map<String, List<String>> redacted = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((name, values) -> redacted.put(name, redactHeader(name, values)));
		}
		return redacted;
	}

	/**
	 * Returns the values of a header, each replaced by {@link Snapshot#MASK} if the header is
	 * sensitive.
	 * @param name the header name
	 * @param values its values
	 * @return the values to show
	 */
	public List<String> redactHeader(String name, Collection<String> values) {
		if (values == null) {
			return List.of();
		}
		if (!isSensitiveHeader(name)) {
			return List.copyOf(values);
		}
		List<String> masked = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			masked.add(Snapshot.MASK);
		}
		return Collections.unmodifiableList(masked);
	}

	/**
	 * Returns a query string with the values of sensitive parameters replaced by
	 * {@link Snapshot#MASK}; everything else stays as it was sent (still URL-encoded).
	 * @param query the query string, without {@code '?'}, or {@code null}
	 * @return the redacted query string, or {@code null}
	 */
	public String redactQuery(String query) {
		return (query != null) ? ParameterRedaction.redact(query, this.parameters) : null;
	}

	/**
	 * Redacts a captured body prefix whose total length is not known (it is taken as the
	 * prefix's length).
	 * @param prefix the captured bytes
	 * @param truncated whether the body was longer than the prefix
	 * @param contentType the declared content type, or {@code null}
	 * @param charset the body's charset, or {@code null} for the content type's (UTF-8 when it
	 * declares none)
	 * @return what the snapshot shows of the body
	 */
	public BodySnapshot redactBody(byte[] prefix, boolean truncated, String contentType, Charset charset) {
		return redactBody(prefix, (prefix != null) ? prefix.length : 0, truncated, contentType, charset);
	}

	/**
	 * Redacts what a {@link BodyCapture} captured.
	 * @param capture the capture
	 * @param contentType the declared content type, or {@code null}
	 * @param charset the body's charset, or {@code null} for the content type's (UTF-8 when it
	 * declares none)
	 * @return what the snapshot shows of the body
	 */
	public BodySnapshot redactBody(BodyCapture capture, String contentType, Charset charset) {
		return redactBody(capture.captured(), capture.bytesSeen(), capture.isTruncated(), contentType, charset);
	}

	/**
	 * Redacts a captured body prefix.
	 * @param prefix the captured bytes
	 * @param bytesSeen the length of the whole body
	 * @param truncated whether the body was longer than the prefix
	 * @param contentType the declared content type, or {@code null}
	 * @param charset the body's charset, or {@code null} for the content type's (UTF-8 when it
	 * declares none)
	 * @return what the snapshot shows of the body
	 */
	public BodySnapshot redactBody(byte[] prefix, long bytesSeen, boolean truncated, String contentType,
			Charset charset) {
		byte[] bytes = (prefix != null) ? prefix : EMPTY;
		long seen = Math.max(bytesSeen, bytes.length);
		ContentType type = ContentType.parse(contentType);
		String size = BodySummaries.size(seen, bytes.length, truncated);
		if (type.isMultipart()) {
			String summary = BodySummaries.multipart(type.mediaType(), type.parameter("boundary"), bytes, size);
			return summary(contentType, seen, truncated, summary);
		}
		if (!type.isJson() && !type.isForm() && !type.isXml() && !type.isText()) {
			return summary(contentType, seen, truncated, "binary, " + size);
		}
		if (bytes.length == 0 && truncated) {
			return summary(contentType, seen, true, type.mediaType() + ", " + size + ", not captured");
		}
		if (type.isJson() && this.json == null) {
			return summary(contentType, seen, truncated, type.mediaType() + ", " + size + ", not shown without Jackson");
		}
		Charset declared = (charset != null) ? charset : type.charset();
		String text;
		try {
			text = redactText(type, bytes, declared, truncated);
		}
		catch (RuntimeException ex) {
			text = null;
		}
		if (text == null) {
			return summary(contentType, seen, truncated, "undecodable " + type.mediaType() + ", " + size);
		}
		return new BodySnapshot(contentType, seen, truncated, text, null);
	}

	private String redactText(ContentType type, byte[] bytes, Charset declared, boolean truncated) {
		if (type.isJson()) {
			return this.json.redact(bytes, declared, truncated, this.fields);
		}
		String text = TextDecoding.decode(bytes, (declared != null) ? declared : StandardCharsets.UTF_8, truncated);
		if (text == null) {
			return null;
		}
		if (type.isXml()) {
			return XmlRedaction.redact(text, truncated, this.fields);
		}
		if (type.isForm()) {
			text = ParameterRedaction.redact(text, this.parameters);
		}
		return truncated ? text + BodyMarkers.TRUNCATED : text;
	}

	private static BodySnapshot summary(String contentType, long seen, boolean truncated, String summary) {
		return new BodySnapshot(contentType, seen, truncated, null, summary);
	}

	private static Set<String> names(Collection<String> names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		if (names != null) {
			for (String name : names) {
				if (name != null && !name.isBlank()) {
					set.add(name.trim());
				}
			}
		}
		return set;
	}

}
