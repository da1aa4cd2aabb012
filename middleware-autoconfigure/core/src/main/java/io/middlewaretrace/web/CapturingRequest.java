package io.middlewaretrace.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Request wrapper that captures a prefix of the request body into a {@link BodyCapture} while
 * the application reads it, through {@link #getInputStream()} or {@link #getReader()}, and that
 * can replay a body a filter already consumed.
 * <p>
 * Capture: the bytes pass through as they are read; nothing is read ahead, nothing is read that
 * the application does not read, so streaming uploads stay streaming. {@link #getReader()}
 * decodes the captured stream itself with the request's character encoding (ISO-8859-1 when
 * neither the request nor its content type names one, as the servlet specification says), so
 * the capture holds the exact bytes whichever way the body is read. As in the container,
 * {@code getReader()} after {@code getInputStream()}, or the reverse, throws
 * {@link IllegalStateException}.
 * <p>
 * Replay: the bytes read are also kept up to {@code replayLimit}. Call
 * {@link #prepareForHandler()} when the handler phase starts (after the last filter):
 * <ul>
 * <li>nothing read the body yet: nothing changes;</li>
 * <li>an earlier reader consumed the whole body (its stream returned end of stream or the
 * declared length, its reader returned end of text) and all of it was kept: the body is served
 * again from the start, through the same stream (so wrappers holding it read it too) or a new
 * reader, and {@code getReader()}/{@code getInputStream()} may be chosen afresh;</li>
 * <li>the body was consumed but not kept entirely (longer than {@code replayLimit}, or read
 * only partly): the stream stays as it is, and if the next read returns end of stream without
 * having delivered a byte the {@link BodyReadTwiceListener} is told, once.</li>
 * </ul>
 * A form post whose parameters the container parsed ({@code getParameter}) was read inside the
 * container, bypassing every wrapper: it is neither captured nor replayed, and once a filter
 * read the body as a stream the container no longer parses it into parameters.
 *
 * @since 0.1.0
 */
public final class CapturingRequest extends HttpServletRequestWrapper {

	private final BodyCapture capture;

	private final int replayLimit;

	private final BodyReadTwiceListener listener;

	private CapturingInputStream inputStream;

	private EndAwareReader reader;

	private boolean usingInputStream;

	private boolean usingReader;

	private boolean prepared;

	private boolean replayed;

	/**
	 * Wraps a request.
	 * @param request the request to wrap
	 * @param capture where the body prefix is captured, or {@code null} to capture nothing
	 * @param replayLimit maximum number of body bytes kept for a replay, 0 for no replay
	 * @param listener told when the handler meets a body consumed before and not replayed, or
	 * {@code null}
	 */
	public CapturingRequest(HttpServletRequest request, BodyCapture capture, int replayLimit,
			BodyReadTwiceListener listener) {
		super(request);
		if (replayLimit < 0) {
			throw new IllegalArgumentException("replayLimit must not be negative: " + replayLimit);
		}
		this.capture = capture;
		this.replayLimit = replayLimit;
		this.listener = listener;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.usingReader) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		ServletInputStream stream = stream();
		this.usingInputStream = true;
		return stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.usingInputStream) {
			throw new IllegalStateException("getInputStream() has already been called for this request");
		}
		if (this.reader == null) {
			Charset charset = readerCharset();
			this.reader = new EndAwareReader(new InputStreamReader(stream(), charset));
		}
		this.usingReader = true;
		return this.reader;
	}

	/**
	 * Marks the start of the handler phase: replays the body if a filter consumed it and all
	 * of it was kept, otherwise arms the {@link BodyReadTwiceListener}. Only the first call has
	 * an effect.
	 */
	public void prepareForHandler() {
		if (this.prepared) {
			return;
		}
		this.prepared = true;
		if (this.inputStream == null) {
			return;
		}
		// a reader's decoder reads ahead: only what the reader handed out counts
		boolean consumed = (this.reader != null) ? this.reader.ended()
				: this.inputStream.reachedEnd(getContentLengthLong());
		// a reader read only partly may still hold the rest in its buffer: the next read of the
		// stream beneath returning the end says nothing about what the handler gets
		boolean watch = consumed || this.reader == null;
		if (this.inputStream.prepareForHandler(consumed, watch ? this.listener : null)) {
			this.replayed = true;
			this.reader = null;
			this.usingInputStream = false;
			this.usingReader = false;
		}
	}

	/**
	 * Returns where the body prefix is captured.
	 * @return the capture, or {@code null} when this request captures nothing
	 */
	public BodyCapture bodyCapture() {
		return this.capture;
	}

	/**
	 * Returns whether {@link #prepareForHandler()} replays the body for the handler.
	 * @return whether the body is read a second time from the kept bytes
	 */
	public boolean isReplayed() {
		return this.replayed;
	}

	/**
	 * Returns the number of body bytes read from the container so far (replayed bytes are not
	 * counted again).
	 * @return the number of bytes read
	 */
	public long bytesRead() {
		return (this.inputStream != null) ? this.inputStream.bytesRead() : 0;
	}

	public int retainedBytes() {
		int retained = (this.capture != null) ? this.capture.capacity() : 0;
		return retained + ((this.inputStream != null) ? this.inputStream.retainedBytes() : 0);
	}

	private CapturingInputStream stream() throws IOException {
		if (this.inputStream == null) {
			this.inputStream = new CapturingInputStream(super.getInputStream(), this.capture, this.replayLimit,
					getContentLengthLong());
		}
		return this.inputStream;
	}

	private Charset readerCharset() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			encoding = ContentType.parse(getContentType()).parameter("charset");
		}
		if (encoding == null || encoding.isEmpty()) {
			return StandardCharsets.ISO_8859_1;
		}
		try {
			return Charset.forName(encoding.trim());
		}
		catch (IllegalArgumentException ex) {
			UnsupportedEncodingException unsupported = new UnsupportedEncodingException(encoding);
			unsupported.initCause(ex);
			throw unsupported;
		}
	}

}
