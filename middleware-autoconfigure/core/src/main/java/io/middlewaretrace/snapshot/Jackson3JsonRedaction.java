package io.middlewaretrace.snapshot;

import java.nio.charset.Charset;
import java.util.Set;

import io.middlewaretrace.context.Snapshot;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * {@link JsonRedaction} with Jackson 3's streaming parser and generator, for applications on
 * Spring Boot 4 that have no Jackson 2: the same copy, the same stops, the same markers.
 * <p>
 * Only loaded when Jackson 3's jackson-core is on the classpath.
 */
final class Jackson3JsonRedaction extends StreamingJsonRedaction {

	private static final JsonFactory factory = JsonFactory.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
		.build();

	private final JsonParser parser;

	private Jackson3JsonRedaction(JsonParser parser, Object input, boolean truncated, Set<String> fields) {
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
			return new Jackson3JsonRedaction(parser, input, truncated, fields).copy();
		}
		catch (JacksonException ex) {
			return BodyMarkers.UNPARSABLE;
		}
	}

	private String copy() {
		RedactionOutput out = new RedactionOutput(this.inputLength);
		JsonGenerator generator = factory.createGenerator(out);
		String marker = this.truncated ? BodyMarkers.TRUNCATED : "";
		// where the output goes back to if the input ends within a number
		int beforeNumber = -1;
		try {
			JsonToken token;
			while ((token = this.parser.nextToken()) != null) {
				beforeNumber = -1;
				if (token == JsonToken.PROPERTY_NAME && this.fields.contains(this.parser.currentName())) {
					generator.writeName(this.parser.currentName());
					// written before the value is read: the value is never looked at
					generator.writeString(Snapshot.MASK);
					JsonToken value = this.parser.nextToken();
					if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
						this.parser.skipChildren();
					}
				}
				else if (token.isNumeric()) {
					if (this.truncated && endsAtEndOfInput(this.parser.currentTokenLocation(),
							this.parser.getStringLength())) {
						generator.flush();
						beforeNumber = out.builder.length();
					}
					// the number's own text: no rounding through double
					generator.writeNumber(this.parser.getString());
				}
				else {
					generator.copyCurrentEvent(this.parser);
				}
			}
		}
		catch (RuntimeException ex) {
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
		if (ex instanceof UnexpectedEndOfInputException) {
			return true;
		}
		return ex instanceof JacksonException jackson && jackson.getLocation() != null
				&& endsAtEndOfInput(jackson.getLocation(), 0);
	}

	private boolean endsAtEndOfInput(TokenStreamLocation location, int length) {
		return endsAtEndOfInput(location.getByteOffset(), location.getCharOffset(), length);
	}

}
