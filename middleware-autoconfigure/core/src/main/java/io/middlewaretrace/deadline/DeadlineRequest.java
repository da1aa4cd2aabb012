package io.middlewaretrace.deadline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;

/**
 * The request, with a body, as the application reads it under its deadline: reading the body is
 * the {@value #PHASE} phase; each read is a container-I/O section of the deadline guard (no
 * interrupt of the starter's reaches it) limited by the container's read timeout to the
 * remaining budget; and once the deadline passed, reads are refused. A body arriving slower
 * than the budget, a drip or a stalled upload, thus ends at the deadline and gives the thread
 * back: the request is answered {@code 408 Request Timeout}, by the container for a read that
 * waited past the deadline and by the deadline filter for a read refused after it.
 */
final class DeadlineRequest extends HttpServletRequestWrapper {

	/**
	 * Name of the deadline phase of reading the request body.
	 */
	static final String PHASE = "request.body";

	private final DefaultRequestContext context;

	private final DeadlineGuard guard;

	private final ReadTimeout readTimeout;

	private ServletInputStream stream;

	private BufferedReader reader;

	private Phase phase;

	private volatile boolean timedOutReading;

	DeadlineRequest(HttpServletRequest request, DefaultRequestContext context, DeadlineGuard guard, ReadTimeout readTimeout) {
		super(request);
		this.context = context;
		this.guard = guard;
		this.readTimeout = readTimeout;
	}

	/**
	 * Whether a read of the body failed at or after the deadline: the container answered it
	 * (408) or the read was refused.
	 */
	boolean timedOutReading() {
		return this.timedOutReading;
	}

	/**
	 * Ends the body phase if the application stopped reading before the end.
	 */
	void end() {
		Phase open = this.phase;
		if (open != null) {
			open.end(this.timedOutReading ? Phase.DEADLINE : Phase.OK);
		}
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new DeadlineInputStream(super.getInputStream());
		}
		return this.stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			this.reader = new DeadlineReader(super.getReader());
		}
		return this.reader;
	}

	/**
	 * Before a read: refuses it once the deadline passed, starts the body phase, limits the
	 * container's wait to the remaining budget, and enters the guard's container-I/O section.
	 */
	private void beforeRead() throws IOException {
		if (DeadlineState.isTimedOut(this.context) || this.context.deadline().isExpired()) {
			this.timedOutReading = true;
			DeadlineGuard.expireNow(this.context);
			throw new InterruptedIOException("Request deadline passed while the request body was still arriving");
		}
		if (this.phase == null) {
			this.phase = this.context.phases().start(PHASE, null);
		}
		if (this.readTimeout != null) {
			// rounded up: a read that waits past the deadline times out just after it, not before
			this.readTimeout.limitNextRead(this.context.deadline().remainingMillis() + 1);
		}
		this.guard.containerIoStarting();
	}

	private void afterRead(int result) {
		this.guard.containerIoEnded();
		if (result < 0 && this.phase != null) {
			this.phase.end(Phase.OK);
		}
	}

	private void readFailed(IOException ex) {
		this.guard.containerIoEnded();
		if (this.context.deadline().isExpired()) {
			// the container's read timeout, limited to the budget, fired: it answers 408 itself
			this.timedOutReading = true;
			DeadlineGuard.expireNow(this.context);
		}
		if (this.phase != null) {
			this.phase.end(this.timedOutReading ? Phase.DEADLINE : Phase.FAILED);
		}
	}

	private final class DeadlineInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		DeadlineInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			beforeRead();
			int b;
			try {
				b = this.delegate.read();
			}
			catch (IOException ex) {
				readFailed(ex);
				throw ex;
			}
			afterRead(b);
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			beforeRead();
			int n;
			try {
				n = this.delegate.read(b, off, len);
			}
			catch (IOException ex) {
				readFailed(ex);
				throw ex;
			}
			afterRead(n);
			return n;
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

	private final class DeadlineReader extends BufferedReader {

		private final BufferedReader delegate;

		DeadlineReader(BufferedReader delegate) {
			super(delegate, 1);
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			beforeRead();
			int c;
			try {
				c = this.delegate.read();
			}
			catch (IOException ex) {
				readFailed(ex);
				throw ex;
			}
			afterRead(c);
			return c;
		}

		@Override
		public int read(char[] cbuf, int off, int len) throws IOException {
			beforeRead();
			int n;
			try {
				n = this.delegate.read(cbuf, off, len);
			}
			catch (IOException ex) {
				readFailed(ex);
				throw ex;
			}
			afterRead(n);
			return n;
		}

		@Override
		public String readLine() throws IOException {
			beforeRead();
			String line;
			try {
				line = this.delegate.readLine();
			}
			catch (IOException ex) {
				readFailed(ex);
				throw ex;
			}
			afterRead((line != null) ? 0 : -1);
			return line;
		}

		@Override
		public boolean ready() throws IOException {
			return this.delegate.ready();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
