package io.middlewaretrace.snapshot;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
final class JsonRedaction {

	private static final JsonFactory factory = new JsonFactory()
		.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

	private final JsonParser parser;

	/**
	 * Length of the input in the unit of the parser's offsets: bytes for UTF-8, characters for
	 * text decoded here; -1 when unknown (Jackson decoding UTF-16 or UTF-32 itself).
	 */
	private final long inputLength;

	private final boolean truncated;

	private final Set<String> fields;

	private JsonRedaction(JsonParser parser, long inputLength, boolean truncated, Set<String> fields) {
		this.parser = parser;
		this.inputLength = inputLength;
		this.truncated = truncated;
		this.fields = fields;
	}

	/**
	 * Returns the redacted JSON, or {@code null} when the bytes are not text in
	 * {@code charset}.
	 */
	static String redact(byte[] bytes, Charset charset, boolean truncated, Set<String> fields) {
		try {
			if (charset == null || StandardCharsets.UTF_8.equals(charset)) {
				try (JsonParser parser = factory.createParser(bytes)) {
					return new JsonRedaction(parser, bytes.length, truncated, fields).copy();
				}
			}
			String text = TextDecoding.decode(bytes, charset, truncated);
			if (text == null) {
				return null;
			}
			try (JsonParser parser = factory.createParser(text)) {
				return new JsonRedaction(parser, text.length(), truncated, fields).copy();
			}
		}
		catch (IOException ex) {
			return BodyMarkers.UNPARSABLE;
		}
	}

	private String copy() throws IOException {
		BuilderWriter out = new BuilderWriter(this.inputLength);
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

	/**
	 * A writer into an unsynchronised builder ({@code StringWriter} locks on every write), sized
	 * for the input it redacts.
	 */
	private static final class BuilderWriter extends Writer {

		final StringBuilder builder;

		BuilderWriter(long inputLength) {
			this.builder = new StringBuilder((inputLength > 0 && inputLength < 65_536) ? (int) inputLength + 16 : 256);
		}

		@Override
		public void write(char[] chars, int off, int len) {
			this.builder.append(chars, off, len);
		}

		@Override
		public void write(String str, int off, int len) {
			this.builder.append(str, off, off + len);
		}

		@Override
		public void write(int c) {
			this.builder.append((char) c);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

	private boolean endedByTruncation(Exception ex) {
		if (ex instanceof JsonEOFException) {
			return true;
		}
		return ex instanceof JsonProcessingException processing && processing.getLocation() != null
				&& endsAtEndOfInput(processing.getLocation(), 0);
	}

	/**
	 * Returns whether what starts at {@code location} and spans {@code length} reaches the end
	 * of the input; {@code true} when that cannot be known.
	 */
	private boolean endsAtEndOfInput(JsonLocation location, int length) {
		long offset = (location.getByteOffset() >= 0) ? location.getByteOffset() : location.getCharOffset();
		return this.inputLength < 0 || offset < 0 || offset + length >= this.inputLength;
	}

}
