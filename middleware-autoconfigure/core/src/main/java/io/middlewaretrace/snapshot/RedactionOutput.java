package io.middlewaretrace.snapshot;

import java.io.Writer;

/**
 * Where both JSON redactions write: an unsynchronised builder ({@code StringWriter} locks on
 * every write), sized for the input it redacts.
 */
final class RedactionOutput extends Writer {

	final StringBuilder builder;

	RedactionOutput(long inputLength) {
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
