package io.middlewaretrace.snapshot;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What the Jackson 2 and Jackson 3 redactions ({@link JsonRedaction},
 * {@link Jackson3JsonRedaction}) share: the input as their parser reads it, what they mask, and
 * how they tell that a token reaches the end of a truncated input.
 */
abstract class StreamingJsonRedaction {

	/**
	 * Length of the input in the unit of the parser's offsets: bytes for UTF-8, characters for
	 * text decoded here.
	 */
	final long inputLength;

	final boolean truncated;

	final Set<String> fields;

	StreamingJsonRedaction(Object input, boolean truncated, Set<String> fields) {
		this.inputLength = (input instanceof byte[] bytes) ? bytes.length : ((String) input).length();
		this.truncated = truncated;
		this.fields = fields;
	}

	/**
	 * Returns the input as the parser reads it: the bytes themselves for UTF-8 (the parser's
	 * offsets count bytes), otherwise the text they decode to in {@code charset}, or
	 * {@code null} when they do not decode.
	 */
	static Object input(byte[] bytes, Charset charset, boolean truncated) {
		if (charset == null || StandardCharsets.UTF_8.equals(charset)) {
			return bytes;
		}
		return TextDecoding.decode(bytes, charset, truncated);
	}

	/**
	 * Returns whether what starts at a parser's offset and spans {@code length} reaches the end
	 * of the input; {@code true} when that cannot be known.
	 * @param byteOffset the parser's byte offset, -1 if it counts characters
	 * @param charOffset the parser's character offset
	 * @param length the token's length
	 */
	final boolean endsAtEndOfInput(long byteOffset, long charOffset, int length) {
		long offset = (byteOffset >= 0) ? byteOffset : charOffset;
		return this.inputLength < 0 || offset < 0 || offset + length >= this.inputLength;
	}

}
