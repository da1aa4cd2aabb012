package io.middlewaretrace.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import io.middlewaretrace.context.DeadlineOwner;
import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Response wrapper of the starter's filter: counts body bytes and changes into the
 * {@link DefaultRequestContext}, notes {@code sendError} (so the request completes after the
 * container's error page, not before), notes when the application produced the whole response
 * (its declared {@code Content-Length} reached, the stream closed, an error or redirect sent),
 * and reports changes made after the application committed the response, which the container
 * ignores silently. A response the container committed on its own, answering a request whose
 * body it could not read, is not the application's doing: changes to it are not reported. Every
 * call still passes straight through, inside a container-I/O section of the request's deadline
 * guard (so that no interrupt of the starter's reaches the container), unless the request ran
 * out of its deadline while its response was being produced: then writes are refused.
 */
public final class TracingResponseWrapper extends HttpServletResponseWrapper {

	private final DefaultRequestContext context;

	private final Participants participants;

	private ServletOutputStream outputStream;

	private PrintWriter writer;

	private boolean errorSent;

	/**
	 * Whether the application flushed the response or sent a redirect through this wrapper:
	 * with a body byte written (counted by the context), what commits a response.
	 */
	private boolean committing;

	private final BodyCapture capture;

	// the declared Content-Length, -1 while none is
	private long contentLength = -1;

	TracingResponseWrapper(HttpServletResponse response, DefaultRequestContext context, Participants participants,
			BodyCapture capture) {
		super(response);
		this.context = context;
		this.participants = participants;
		this.capture = capture;
	}

	/**
	 * Returns whether the application (or the container) sent an error status through this
	 * wrapper, to be answered by an error page.
	 * @return whether an error was sent
	 */
	public boolean isErrorSent() {
		return this.errorSent;
	}

	/**
	 * Returns whether the container answered the request on its own: the response reports
	 * committed although the application neither wrote to it, flushed it, nor sent an error or
	 * a redirect. Tomcat does this when the application's read of a malformed or truncated
	 * request body fails: it sends its own 400 (408 for a read timeout) on the response under
	 * every wrapper, and suspends it.
	 * @return whether the container answered the request
	 */
	public boolean isAnsweredByContainer() {
		return !this.errorSent && !this.committing && this.context.responseBytes() == 0 && isCommitted();
	}

	private void beforeChange(String operation, int status) {
		this.context.touchResponse();
		// re-setting the status it already has changes nothing, and loses nothing
		if (committedByApplication() && (operation.startsWith("send") || getStatus() != status)) {
			reportChangeAfterCommit(operation + "(" + status + ")");
		}
	}

	private void beforeChange(String operation, String name) {
		this.context.touchResponse();
		if (committedByApplication()) {
			reportChangeAfterCommit(operation + ((name != null) ? "(" + name + ")" : ""));
		}
	}

	/**
	 * For a header: setting a value the committed response already carries (an interceptor that
	 * runs again in an async dispatch, say) loses nothing, so it is not reported; nor is a
	 * removal (a {@code null} value), which Spring MVC makes of {@code Content-Type} before it
	 * resolves any exception, committed response or not.
	 */
	private void beforeHeaderChange(String operation, String name, String value) {
		this.context.touchResponse();
		if (committedByApplication() && changesHeader(name, value)) {
			reportChangeAfterCommit(operation + "(" + name + ")");
		}
	}

	private boolean changesHeader(String name, String value) {
		// (the container's collection may be immutable and refuse a null lookup)
		return value != null && !getHeaders(name).contains(value);
	}

	// after sendError the container reports the response as committed until its error page
	// runs: not the application's mistake; nor is a response the container committed itself
	private boolean committedByApplication() {
		return this.participants.watchResponseChanges() && !this.errorSent
				&& (this.committing || this.context.responseBytes() != 0)
				&& isCommitted();
	}

	private void reportChangeAfterCommit(String change) {
		this.participants.responseChangedAfterCommit(this.context, change);
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		if (answeredAtDeadline()) {
			return;
		}
		beforeChange("sendError", sc);
		boolean discards = !isCommitted();
		super.sendError(sc, msg);
		errorSent(discards);
	}

	@Override
	public void sendError(int sc) throws IOException {
		if (answeredAtDeadline()) {
			return;
		}
		beforeChange("sendError", sc);
		boolean discards = !isCommitted();
		super.sendError(sc);
		errorSent(discards);
	}

	/**
	 * Whether an error the application sends is dropped because its request ran out of its
	 * deadline before anything was committed: the deadline filter answers it 504, and an error
	 * sent now would take that answer's place. This is how Spring MVC answers a write the
	 * starter refused when the message converter wrapped the refusal (Spring Framework 7 does:
	 * {@code HttpMessageNotWritableException}, a 500); the client would get a whole 500 the
	 * records call cut.
	 */
	private boolean answeredAtDeadline() {
		if (isCommitted()) {
			return false;
		}
		DeadlineOwner owner = this.context.deadlineOwner();
		return owner != null && owner.refuseWrite() != null;
	}

	/**
	 * The container discards an uncommitted body for its error page, which is what the client
	 * gets instead; the application has chosen its answer.
	 */
	private void errorSent(boolean discardedBody) {
		this.errorSent = true;
		if (discardedBody) {
			this.context.discardResponseBytes();
		}
		this.contentLength = -1;
		this.context.responseProduced();
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		beforeChange("sendRedirect", null);
		super.sendRedirect(location);
		this.committing = true;
		this.context.responseProduced();
	}

	@Override
	public void reset() {
		super.reset();
		// (the container refuses a reset once committed: nothing written so far was sent)
		this.context.discardResponseBytes();
		this.contentLength = -1;
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.context.discardResponseBytes();
	}

	@Override
	public void setContentLength(int len) {
		super.setContentLength(len);
		this.contentLength = len;
	}

	@Override
	public void setContentLengthLong(long len) {
		super.setContentLengthLong(len);
		this.contentLength = len;
	}

	@Override
	public void setStatus(int sc) {
		beforeChange("setStatus", sc);
		super.setStatus(sc);
	}

	@Override
	public void setHeader(String name, String value) {
		beforeHeaderChange("setHeader", name, value);
		super.setHeader(name, value);
		contentLengthHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		beforeHeaderChange("addHeader", name, value);
		super.addHeader(name, value);
		contentLengthHeader(name, value);
	}

	@Override
	public void setIntHeader(String name, int value) {
		beforeHeaderChange("setIntHeader", name, Integer.toString(value));
		super.setIntHeader(name, value);
		if ("Content-Length".equalsIgnoreCase(name)) {
			this.contentLength = value;
		}
	}

	private void contentLengthHeader(String name, String value) {
		if (name != null && name.length() == 14 && "Content-Length".equalsIgnoreCase(name)) {
			this.contentLength = parseLength(value);
		}
	}

	private static long parseLength(String value) {
		if (value == null || value.isEmpty() || value.length() > 18) {
			return -1;
		}
		long length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			length = length * 10 + (c - '0');
		}
		return length;
	}

	/**
	 * After a write: the body reached its declared length, so the response is whole.
	 */
	private void written() {
		if (this.contentLength >= 0 && this.context.responseBytes() >= this.contentLength) {
			this.context.responseProduced();
		}
	}

	@Override
	public void addIntHeader(String name, int value) {
		beforeHeaderChange("addIntHeader", name, Integer.toString(value));
		super.addIntHeader(name, value);
	}

	@Override
	public void setDateHeader(String name, long date) {
		beforeChange("setDateHeader", name);
		super.setDateHeader(name, date);
	}

	@Override
	public void addDateHeader(String name, long date) {
		beforeChange("addDateHeader", name);
		super.addDateHeader(name, date);
	}

	@Override
	public void addCookie(Cookie cookie) {
		beforeChange("addCookie", null);
		super.addCookie(cookie);
	}

	@Override
	public void setContentType(String type) {
		beforeChange("setContentType", null);
		super.setContentType(type);
	}

	@Override
	public void flushBuffer() throws IOException {
		this.context.touchResponse();
		checkFlushable(this.context, this);
		this.committing = true;
		DeadlineOwner guard = ioStarting(this.context);
		try {
			super.flushBuffer();
		}
		finally {
			ioEnded(guard);
		}
	}

	/**
	 * The application flushed or closed the body stream or writer: that commits the response
	 * too.
	 */
	void flushed() {
		this.committing = true;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new CountingOutputStream(super.getOutputStream(), this, this.context, this.capture);
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			PrintWriter delegate = super.getWriter();
			boolean utf8 = StandardCharsets.UTF_8.name().equalsIgnoreCase(getCharacterEncoding());
			this.writer = new PrintWriter(new CountingWriter(delegate, this, this.context, utf8, this.capture,
					charset(getCharacterEncoding())), false);
		}
		return this.writer;
	}

	private static Charset charset(String name) {
		try {
			return (name != null) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	/**
	 * Refuses a write to a response whose request ran out of its deadline while the response
	 * was being produced. Nothing committed yet: the write would commit a response the deadline
	 * filter answers 504 instead. Committed: the response is cut short, its connection closed
	 * once the request ends, and nothing more written could reach the client as a whole
	 * response. The refusal is what stops a writer on another thread (a
	 * {@code StreamingResponseBody} task) at its next write, before the container ends the async
	 * request under it; Spring MVC treats the exception as a response that can no longer be used,
	 * as for a client that went away. The starter's own 504 is written after the outcome is
	 * decided, and passes.
	 */
	private static void checkWritable(DefaultRequestContext context) throws AsyncRequestNotUsableException {
		DeadlineOwner owner = context.deadlineOwner();
		String phase = (owner != null) ? owner.refuseWrite() : null;
		if (phase != null) {
			throw new AsyncRequestNotUsableException("Response refused: the request ran out of its deadline in "
					+ phase + " before its response was complete");
		}
	}

	/**
	 * Refuses a flush that would commit a response whose request ran out of its deadline (the
	 * deadline filter answers it 504). A flush of a response already committed adds nothing the
	 * application did not write before its writes were refused, and passes: a body written in
	 * full and flushed once more (as message converters do) is not cut by its second flush.
	 */
	private static void checkFlushable(DefaultRequestContext context, HttpServletResponse response)
			throws AsyncRequestNotUsableException {
		if (!response.isCommitted()) {
			checkWritable(context);
		}
	}

	/**
	 * Enters a container-I/O section of the request's deadline guard, if it has one: no
	 * interrupt of the starter's reaches the thread until {@link #ioEnded}.
	 */
	private static DeadlineOwner ioStarting(DefaultRequestContext context) {
		DeadlineOwner guard = context.deadlineOwner();
		if (guard != null) {
			guard.containerIoStarting();
		}
		return guard;
	}

	private static void ioEnded(DeadlineOwner guard) {
		if (guard != null) {
			guard.containerIoEnded();
		}
	}

	private static final class CountingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private final TracingResponseWrapper response;

		private final DefaultRequestContext context;

		private final BodyCapture capture;

		CountingOutputStream(ServletOutputStream delegate, TracingResponseWrapper response, DefaultRequestContext context,
				BodyCapture capture) {
			this.delegate = delegate;
			this.response = response;
			this.context = context;
			this.capture = capture;
		}

		@Override
		public void write(int b) throws IOException {
			checkWritable(this.context);
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.write(b);
				this.context.recordResponseBytes(1);
				if (this.capture != null) {
					this.capture.append(b);
				}
				this.response.written();
			}
			finally {
				// the body is counted, and the response maybe produced, before an interrupt held back
				// for the write can be delivered
				ioEnded(guard);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			checkWritable(this.context);
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.write(b, off, len);
				this.context.recordResponseBytes(len);
				if (this.capture != null) {
					this.capture.append(b, off, len);
				}
				this.response.written();
			}
			finally {
				// the body is counted, and the response maybe produced, before an interrupt held back
				// for the write can be delivered
				ioEnded(guard);
			}
		}

		@Override
		public void flush() throws IOException {
			checkFlushable(this.context, this.response);
			this.response.flushed();
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.flush();
			}
			finally {
				ioEnded(guard);
			}
		}

		@Override
		public void close() throws IOException {
			this.response.flushed();
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.close();
			}
			finally {
				ioEnded(guard);
			}
			this.context.responseProduced();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			this.delegate.setWriteListener(writeListener);
		}

	}

	/**
	 * Counts characters as the bytes they encode to: exactly for UTF-8 (the Spring MVC default)
	 * and single-byte charsets, one byte per character otherwise.
	 */
	private static final class CountingWriter extends Writer {

		private final PrintWriter delegate;

		private final TracingResponseWrapper response;

		private final DefaultRequestContext context;

		private final boolean utf8;

		private final BodyCapture capture;

		private final Charset charset;

		CountingWriter(PrintWriter delegate, TracingResponseWrapper response, DefaultRequestContext context, boolean utf8,
				BodyCapture capture, Charset charset) {
			this.delegate = delegate;
			this.response = response;
			this.context = context;
			this.utf8 = utf8;
			this.capture = capture;
			this.charset = charset;
		}

		@Override
		public void write(char[] cbuf, int off, int len) throws IOException {
			checkWritable(this.context);
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.write(cbuf, off, len);
				this.context.recordResponseBytes(this.utf8 ? utf8Length(cbuf, off, len) : len);
				if (this.capture != null) {
					this.capture.appendChars(cbuf, off, len, this.charset);
				}
				this.response.written();
			}
			finally {
				// the body is counted, and the response maybe produced, before an interrupt held back
				// for the write can be delivered
				ioEnded(guard);
			}
		}

		@Override
		public void write(String str, int off, int len) throws IOException {
			checkWritable(this.context);
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.write(str, off, len);
				long bytes = len;
				if (this.utf8) {
					bytes = 0;
					for (int i = off; i < off + len; i++) {
						bytes += utf8Length(str.charAt(i));
					}
				}
				this.context.recordResponseBytes(bytes);
				if (this.capture != null) {
					this.capture.appendChars(str, off, len, this.charset);
				}
				this.response.written();
			}
			finally {
				// the body is counted, and the response maybe produced, before an interrupt held back
				// for the write can be delivered
				ioEnded(guard);
			}
		}

		@Override
		public void write(int c) throws IOException {
			checkWritable(this.context);
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.write(c);
				this.context.recordResponseBytes(this.utf8 ? utf8Length((char) c) : 1);
				if (this.capture != null) {
					this.capture.appendChars(String.valueOf((char) c), 0, 1, this.charset);
				}
				this.response.written();
			}
			finally {
				// the body is counted, and the response maybe produced, before an interrupt held back
				// for the write can be delivered
				ioEnded(guard);
			}
		}

		@Override
		public void flush() throws IOException {
			checkFlushable(this.context, this.response);
			this.response.flushed();
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.flush();
			}
			finally {
				ioEnded(guard);
			}
		}

		@Override
		public void close() {
			this.response.flushed();
			DeadlineOwner guard = ioStarting(this.context);
			try {
				this.delegate.close();
			}
			finally {
				ioEnded(guard);
			}
			this.context.responseProduced();
		}

		private static long utf8Length(char[] chars, int off, int len) {
			long bytes = 0;
			for (int i = off; i < off + len; i++) {
				bytes += utf8Length(chars[i]);
			}
			return bytes;
		}

		// a surrogate pair encodes to 4 bytes: 2 for each half
		private static int utf8Length(char c) {
			if (c < 0x80) {
				return 1;
			}
			if (c < 0x800) {
				return 2;
			}
			return Character.isSurrogate(c) ? 2 : 3;
		}

	}

}
