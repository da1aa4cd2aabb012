package io.middlewaretrace.snapshot;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.middlewaretrace.context.Snapshot;

/**
 * Copies JSON token by token with Jackson's streaming parser and generator, writing
 * {@link Snapshot#MASK} in place of the value (scalar, object or array) of every sensitive
 * field, at any depth. Only tokens the parser read completely are written: at the end of a
 * truncated prefix, or at the first syntax error, the copy stops and a marker is appended, so
 * half a secret can never be shown. A number that ends where a truncated prefix ends may be cut
 * too, so it is dropped.
 * <p>
 * Only loaded when jackson-core is on the classpath.
 */
final class JsonRedaction extends StreamingJsonRedaction {

	private static final JsonFactory factory = new JsonFactory()
		.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

	private final JsonParser parser;

	private JsonRedaction(JsonParser parser, Object input, boolean truncated, Set<String> fields) {
		super(input, truncated, fields);
		this.parser = parser;
	}

	/**
	 * Returns the redacted JSON, or {@code null} when the bytes are not text in
	 * {@code charset}.
	 */
	static String redact(byte[] bytes, Charset charset, boolean truncated, Set<String> fields) {
		Object input = input(bytes, charset, truncated);
		if (input == null) {
			return null;
		}
		try (JsonParser parser = (input instanceof byte[] utf8) ? factory.createParser(utf8)
				: factory.createParser((String) input)) {
			return new JsonRedaction(parser, input, truncated, fields).copy();
		}
		catch (IOException ex) {
			return BodyMarkers.UNPARSABLE;
		}
	}

	private String copy() throws IOException {
		RedactionOutput out = new RedactionOutput(this.inputLength);
		JsonGenerator generator = factory.createGenerator(out);
		String marker = this.truncated ? BodyMarkers.TRUNCATED : "";
		// where the output goes back to if the input ends within a number
		int beforeNumber = -1;
		try {
			JsonToken token;
			while ((token = this.parser.nextToken()) != null) {
				beforeNumber = -1;
				if (token == JsonToken.FIELD_NAME && this.fields.contains(this.parser.currentName())) {
					generator.writeFieldName(this.parser.currentName());
					// written before the value is read: the value is never looked at
					generator.writeString(Snapshot.MASK);
					JsonToken value = this.parser.nextToken();
					if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
						this.parser.skipChildren();
					}
				}
				else if (token.isNumeric()) {
					if (this.truncated && endsAtEndOfInput(this.parser.currentTokenLocation(),
							this.parser.getTextLength())) {
						generator.flush();
						beforeNumber = out.builder.length();
					}
					// the number's own text: no rounding through double
					generator.writeNumber(this.parser.getText());
				}
				else {
					generator.copyCurrentEvent(this.parser);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			generator.flush();
			if (beforeNumber >= 0) {
				out.builder.setLength(beforeNumber);
			}
			marker = (this.truncated && endedByTruncation(ex)) ? BodyMarkers.TRUNCATED : BodyMarkers.UNPARSABLE;
		}
		generator.flush();
		return out.builder.append(marker).toString();
	}

	private boolean endedByTruncation(Exception ex) {
		if (ex instanceof JsonEOFException) {
			return true;
		}
		return ex instanceof JsonProcessingException processing && processing.getLocation() != null
				&& endsAtEndOfInput(processing.getLocation(), 0);
	}

	private boolean endsAtEndOfInput(JsonLocation location, int length) {
		return endsAtEndOfInput(location.getByteOffset(), location.getCharOffset(), length);
	}

}
