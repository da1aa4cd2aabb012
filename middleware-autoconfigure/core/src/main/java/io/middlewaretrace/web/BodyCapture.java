package io.middlewaretrace.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bounded capture of one body as it streams: keeps at most {@link #limit()} leading bytes and
 * counts every byte that passes, so a body of any size goes through with a small, fixed amount
 * of memory.
 * <p>
 * Nothing is allocated until the first byte arrives, and the buffer then grows geometrically up
 * to the limit: a request without a body costs one small object. With a limit of 0 nothing is
 * captured but bytes are still counted.
 * <p>
 * Characters written through a {@code Writer} are appended with
 * {@link #appendChars(CharSequence, int, int, Charset)}: only the characters that still fit are
 * encoded, and once a character does not fit completely, nothing more is captured, so the
 * captured bytes are always a contiguous prefix of the body. Byte counts of characters are
 * exact for UTF-8, ISO-8859-1 and US-ASCII (malformed surrogates count as the one replacement
 * byte an encoder writes); for other charsets the characters beyond the captured prefix are
 * counted with the charset's average bytes per character, an approximation.
 * <p>
 * Not thread-safe: one thread appends at a time (the servlet container's reading or writing
 * thread); read the result once the body is complete.
 *
 * @since 0.1.0
 */
public final class BodyCapture {

	private static final byte[] EMPTY = {};

	// most bodies on the per-request path are small: start small, double up to the limit
	private static final int INITIAL_CAPACITY = 64;

	private static final byte REPLACEMENT = '?';

	private final int limit;

	private byte[] buffer = EMPTY;

	private int count;

	private long bytesSeen;

	private boolean truncated;

	/**
	 * Whether a character did not fit: nothing more is captured, to keep the prefix contiguous.
	 */
	private boolean full;

	private char pendingHighSurrogate;

	private CharsetEncoder encoder;

	/**
	 * Creates a capture keeping at most {@code limit} bytes.
	 * @param limit the maximum number of bytes kept, 0 to only count
	 */
	public BodyCapture(int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		this.limit = limit;
	}

	/**
	 * Returns the maximum number of bytes kept.
	 * @return the limit
	 */
	public int limit() {
		return this.limit;
	}

	/**
	 * Appends one byte.
	 * @param b the byte, in the low 8 bits
	 */
	public void append(int b) {
		this.bytesSeen++;
		if (this.full || this.count >= this.limit) {
			this.truncated = true;
			return;
		}
		ensureCapacity(this.count + 1);
		this.buffer[this.count++] = (byte) b;
	}

	/**
	 * Appends bytes; what no longer fits is only counted.
	 * @param bytes the bytes
	 * @param off the offset of the first byte
	 * @param len the number of bytes
	 */
	public void append(byte[] bytes, int off, int len) {
		Objects.checkFromIndexSize(off, len, bytes.length);
		this.bytesSeen += len;
		int room = this.full ? 0 : this.limit - this.count;
		int kept = Math.min(room, len);
		if (kept < len) {
			this.truncated = true;
		}
		if (kept > 0) {
			ensureCapacity(this.count + kept);
			System.arraycopy(bytes, off, this.buffer, this.count, kept);
			this.count += kept;
		}
	}

	/**
	 * Appends characters as the bytes they encode to in {@code charset}.
	 * @param chars the characters
	 * @param off the offset of the first character
	 * @param len the number of characters
	 * @param charset the charset of the body, {@code null} for ISO-8859-1 (the servlet default)
	 */
	public void appendChars(char[] chars, int off, int len, Charset charset) {
		Objects.checkFromIndexSize(off, len, chars.length);
		Charset target = (charset != null) ? charset : StandardCharsets.ISO_8859_1;
		int highestSingleByte = highestSingleByte(target);
		if (highestSingleByte < 0) {
			appendEncoded(CharBuffer.wrap(chars, off, len), target);
		}
		else {
			appendCodePoints(CharBuffer.wrap(chars), off, len, highestSingleByte);
		}
	}

	/**
	 * Appends characters as the bytes they encode to in {@code charset}.
	 * @param chars the characters
	 * @param off the offset of the first character
	 * @param len the number of characters
	 * @param charset the charset of the body, {@code null} for ISO-8859-1 (the servlet default)
	 */
	public void appendChars(CharSequence chars, int off, int len, Charset charset) {
		Objects.checkFromIndexSize(off, len, chars.length());
		Charset target = (charset != null) ? charset : StandardCharsets.ISO_8859_1;
		int highestSingleByte = highestSingleByte(target);
		if (highestSingleByte < 0) {
			appendEncoded(CharBuffer.wrap(chars, off, off + len), target);
		}
		else {
			appendCodePoints(chars, off, len, highestSingleByte);
		}
	}

	/**
	 * Returns how many bytes passed by, captured or not.
	 * @return the number of bytes seen
	 */
	public long bytesSeen() {
		return this.bytesSeen;
	}

	/**
	 * Returns whether some bytes that passed by were not captured.
	 * @return whether the capture is shorter than the body
	 */
	public boolean isTruncated() {
		return this.truncated;
	}

	/**
	 * Returns a copy of the captured prefix.
	 * @return the captured bytes, at most {@link #limit()}
	 */
	public byte[] captured() {
		return Arrays.copyOf(this.buffer, this.count);
	}

	/**
	 * Returns the number of captured bytes.
	 * @return the length of {@link #captured()}
	 */
	public int capturedLength() {
		return this.count;
	}

	public int capacity() {
		return this.buffer.length;
	}

	/**
	 * Returns the internal buffer, valid up to {@link #capturedLength()}, for a reader in this
	 * package that takes over the capture instead of copying it.
	 */
	byte[] array() {
		return this.buffer;
	}

	/**
	 * Returns 0 for UTF-8, the highest character a single-byte charset maps for ISO-8859-1 and
	 * US-ASCII, and -1 for the charsets encoded with a {@link CharsetEncoder}.
	 */
	private static int highestSingleByte(Charset charset) {
		if (StandardCharsets.UTF_8.equals(charset)) {
			return 0;
		}
		if (StandardCharsets.ISO_8859_1.equals(charset)) {
			return 0xFF;
		}
		return StandardCharsets.US_ASCII.equals(charset) ? 0x7F : -1;
	}

	/**
	 * UTF-8 ({@code singleByteMax == 0}) or a single-byte charset whose highest mappable
	 * character is {@code singleByteMax}; unmappable and malformed characters become one
	 * {@code '?'}, as the JDK's encoders (and Tomcat's writers, which use them) replace them.
	 */
	private void appendCodePoints(CharSequence chars, int off, int len, int singleByteMax) {
		int end = off + len;
		int i = off;
		if (this.pendingHighSurrogate != 0 && len > 0) {
			char high = this.pendingHighSurrogate;
			this.pendingHighSurrogate = 0;
			if (Character.isLowSurrogate(chars.charAt(i))) {
				appendCodePoint(Character.toCodePoint(high, chars.charAt(i)), singleByteMax);
				i++;
			}
			else {
				appendCodePoint(REPLACEMENT, singleByteMax);
			}
		}
		while (i < end) {
			char c = chars.charAt(i++);
			if (Character.isHighSurrogate(c)) {
				if (i == end) {
					// its low half may come with the next write
					this.pendingHighSurrogate = c;
					return;
				}
				if (Character.isLowSurrogate(chars.charAt(i))) {
					appendCodePoint(Character.toCodePoint(c, chars.charAt(i++)), singleByteMax);
					continue;
				}
				appendCodePoint(REPLACEMENT, singleByteMax);
			}
			else if (Character.isLowSurrogate(c)) {
				appendCodePoint(REPLACEMENT, singleByteMax);
			}
			else {
				appendCodePoint(c, singleByteMax);
			}
		}
	}

	private void appendCodePoint(int codePoint, int singleByteMax) {
		if (singleByteMax != 0) {
			append((codePoint <= singleByteMax) ? codePoint : REPLACEMENT);
			return;
		}
		if (codePoint < 0x80) {
			append(codePoint);
			return;
		}
		int length = (codePoint < 0x800) ? 2 : (codePoint < 0x10000) ? 3 : 4;
		this.bytesSeen += length;
		if (this.full || this.count + length > this.limit) {
			this.full = true;
			this.truncated = true;
			return;
		}
		ensureCapacity(this.count + length);
		byte[] b = this.buffer;
		int at = this.count;
		if (length == 2) {
			b[at] = (byte) (0xC0 | (codePoint >> 6));
		}
		else if (length == 3) {
			b[at] = (byte) (0xE0 | (codePoint >> 12));
			b[at + 1] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
		}
		else {
			b[at] = (byte) (0xF0 | (codePoint >> 18));
			b[at + 1] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
			b[at + 2] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
		}
		b[at + length - 1] = (byte) (0x80 | (codePoint & 0x3F));
		this.count += length;
	}

	private void appendEncoded(CharBuffer in, Charset charset) {
		CharsetEncoder encoder = encoder(charset);
		while (!this.full && in.hasRemaining()) {
			ByteBuffer out = ByteBuffer.wrap(this.buffer, this.count, this.buffer.length - this.count);
			CoderResult result = encoder.encode(in, out, false);
			int written = out.position() - this.count;
			this.count += written;
			this.bytesSeen += written;
			if (!result.isOverflow()) {
				// all encoded, except perhaps half a surrogate pair the encoder holds back
				break;
			}
			if (this.buffer.length >= this.limit) {
				this.full = true;
			}
			else {
				ensureCapacity(this.buffer.length + 1);
			}
		}
		if (in.hasRemaining()) {
			this.truncated = true;
			this.bytesSeen += Math.max(in.remaining(), Math.round(in.remaining() * encoder.averageBytesPerChar()));
		}
	}

	private CharsetEncoder encoder(Charset charset) {
		if (this.encoder == null || !this.encoder.charset().equals(charset)) {
			this.encoder = charset.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE);
		}
		return this.encoder;
	}

	private void ensureCapacity(int needed) {
		if (needed <= this.buffer.length) {
			return;
		}
		int grown = Math.max(needed, Math.max(INITIAL_CAPACITY, this.buffer.length * 2));
		this.buffer = Arrays.copyOf(this.buffer, Math.min(grown, this.limit));
	}

}
