package io.middlewaretrace.snapshot;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Strict decoding of a captured body prefix: a malformed byte sequence makes the text
 * undecodable, except for a character cut in half at the end of a truncated prefix, which is
 * dropped.
 */
final class TextDecoding {

	private TextDecoding() {
	}

	/**
	 * Returns the text, or {@code null} when the bytes are not valid in {@code charset}.
	 */
	static String decode(byte[] bytes, Charset charset, boolean truncated) {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 4);
		CoderResult result = decoder.decode(in, out, !truncated);
		if (result.isError() || result.isOverflow()) {
			return null;
		}
		if (!truncated && decoder.flush(out).isError()) {
			return null;
		}
		return out.flip().toString();
	}

}
