package io.middlewaretrace.snapshot;

import java.io.InputStream;

/**
 * A body of any size generated as it is read, so tests can stream gigabytes without holding
 * them: the letters a to z, repeated.
 */
final class GeneratedBody extends InputStream {

	private static final byte[] PATTERN = new byte[26 * 1024];

	static {
		for (int i = 0; i < PATTERN.length; i++) {
			PATTERN[i] = (byte) ('a' + (i % 26));
		}
	}

	private final long size;

	private long position;

	GeneratedBody(long size) {
		this.size = size;
	}

	static byte[] prefix(int length) {
		byte[] prefix = new byte[length];
		for (int i = 0; i < length; i++) {
			prefix[i] = (byte) ('a' + (i % 26));
		}
		return prefix;
	}

	@Override
	public int read() {
		if (this.position >= this.size) {
			return -1;
		}
		return PATTERN[(int) (this.position++ % 26)];
	}

	@Override
	public int read(byte[] b, int off, int len) {
		if (len == 0) {
			return 0;
		}
		long remaining = this.size - this.position;
		if (remaining <= 0) {
			return -1;
		}
		int n = (int) Math.min(len, remaining);
		int done = 0;
		while (done < n) {
			int start = (int) ((this.position + done) % 26);
			int chunk = Math.min(n - done, PATTERN.length - start);
			System.arraycopy(PATTERN, start, b, off + done, chunk);
			done += chunk;
		}
		this.position += n;
		return n;
	}

}
