package io.middlewaretrace.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * The request's reader, noting whether its reader saw the end of the text: the stream beneath
 * may have been read to its end by the decoder's read-ahead while the application took only the
 * first line.
 */
final class EndAwareReader extends BufferedReader {

	private boolean ended;

	EndAwareReader(Reader in) {
		super(in);
	}

	boolean ended() {
		return this.ended;
	}

	@Override
	public int read() throws IOException {
		int c = super.read();
		this.ended |= c < 0;
		return c;
	}

	@Override
	public int read(char[] chars, int off, int len) throws IOException {
		int n = super.read(chars, off, len);
		this.ended |= n < 0;
		return n;
	}

	@Override
	public String readLine() throws IOException {
		String line = super.readLine();
		this.ended |= line == null;
		return line;
	}

}
