package io.middlewaretrace.web;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * The request body stream the application reads through a {@link CapturingRequest}: copies a
 * prefix into the snapshot's {@link BodyCapture}, keeps what was read up to the replay limit, and
 * after {@link #prepareForHandler} either serves the kept bytes again or watches for a reader
 * that meets the exhausted stream.
 * <p>
 * One instance per request, rewound in place, so that a wrapper that holds on to it (Spring's
 * {@code ContentCachingRequestWrapper} does) reads the replayed body too.
 */
final class CapturingInputStream extends ServletInputStream {

	private final ServletInputStream original;

	private final BodyCapture capture;

	/**
	 * Everything read so far while it stays within the replay limit; {@code null} once the body
	 * outgrew it, when replay is off, and from the handler phase on.
	 */
	private BodyCapture kept;

	private long bytesRead;

	private boolean endOfBody;

	private byte[] replay;

	private int replayLength;

	private int replayPosition;

	private BodyReadTwiceListener watcher;

	private long bytesReadBeforeHandler;

	CapturingInputStream(ServletInputStream original, BodyCapture capture, int replayLimit, long contentLength) {
		this.original = original;
		this.capture = capture;
		// a declared length over the limit can never be replayed: do not start keeping it
		if (replayLimit > 0 && contentLength <= replayLimit) {
			this.kept = new BodyCapture(replayLimit);
		}
	}

	@Override
	public int read() throws IOException {
		if (this.replay != null) {
			return (this.replayPosition < this.replayLength) ? (this.replay[this.replayPosition++] & 0xFF) : -1;
		}
		int b = this.original.read();
		if (b >= 0) {
			this.bytesRead++;
			if (this.capture != null) {
				this.capture.append(b);
			}
			if (this.kept != null) {
				this.kept.append(b);
				discardKeptIfTruncated();
			}
			this.watcher = null;
		}
		else {
			endOfBody();
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (this.replay != null) {
			return readReplay(b, off, len);
		}
		int n = this.original.read(b, off, len);
		if (n > 0) {
			this.bytesRead += n;
			if (this.capture != null) {
				this.capture.append(b, off, n);
			}
			if (this.kept != null) {
				this.kept.append(b, off, n);
				discardKeptIfTruncated();
			}
			this.watcher = null;
		}
		else if (n < 0) {
			endOfBody();
		}
		return n;
	}

	private int readReplay(byte[] b, int off, int len) {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			return 0;
		}
		int remaining = this.replayLength - this.replayPosition;
		if (remaining <= 0) {
			return -1;
		}
		int n = Math.min(remaining, len);
		System.arraycopy(this.replay, this.replayPosition, b, off, n);
		this.replayPosition += n;
		return n;
	}

	@Override
	public int available() throws IOException {
		return (this.replay != null) ? this.replayLength - this.replayPosition : this.original.available();
	}

	@Override
	public boolean isFinished() {
		if (this.replay != null) {
			return this.replayPosition >= this.replayLength;
		}
		boolean finished = this.original.isFinished();
		if (finished) {
			this.endOfBody = true;
		}
		return finished;
	}

	@Override
	public boolean isReady() {
		return this.replay != null || this.original.isReady();
	}

	@Override
	public void setReadListener(ReadListener listener) {
		if (this.replay == null) {
			this.original.setReadListener(listener);
			return;
		}
		// the whole replayed body is available at once: no container callback will come
		try {
			listener.onDataAvailable();
			if (isFinished()) {
				listener.onAllDataRead();
			}
		}
		catch (IOException | RuntimeException ex) {
			listener.onError(ex);
		}
	}

	@Override
	public void close() throws IOException {
		if (this.replay == null) {
			this.original.close();
		}
	}

	/**
	 * Returns whether the body was read to its end: end of stream, or its declared length.
	 */
	boolean reachedEnd(long contentLength) {
		return this.endOfBody || (contentLength >= 0 && this.bytesRead >= contentLength);
	}

	/**
	 * Called once when the handler phase starts; returns whether the body is replayed.
	 */
	boolean prepareForHandler(boolean consumed, BodyReadTwiceListener listener) {
		BodyCapture kept = this.kept;
		this.kept = null;
		if (this.bytesRead == 0) {
			return false;
		}
		if (consumed && kept != null) {
			this.replay = kept.array();
			this.replayLength = kept.capturedLength();
			this.replayPosition = 0;
			return true;
		}
		this.watcher = listener;
		this.bytesReadBeforeHandler = this.bytesRead;
		return false;
	}

	long bytesRead() {
		return this.bytesRead;
	}

	int retainedBytes() {
		int retained = (this.replay != null) ? this.replay.length : 0;
		return retained + ((this.kept != null) ? this.kept.capacity() : 0);
	}

	private void discardKeptIfTruncated() {
		if (this.kept.isTruncated()) {
			this.kept = null;
		}
	}

	private void endOfBody() {
		this.endOfBody = true;
		BodyReadTwiceListener listener = this.watcher;
		if (listener != null) {
			this.watcher = null;
			try {
				listener.bodyReadTwice(this.bytesReadBeforeHandler);
			}
			catch (RuntimeException ex) {
				// a listener's failure must not become the application's
			}
		}
	}

}
