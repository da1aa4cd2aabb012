package io.middlewaretrace.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.middlewaretrace.context.RequestContext;

/**
 * Response wrapper of the starter's filter: counts body bytes into the {@link RequestContext}
 * and notes {@code sendError}, so the request completes after the container's error page, not
 * before. Everything else passes straight through.
 */
final class TracingResponseWrapper extends HttpServletResponseWrapper {

	private final RequestContext context;

	private ServletOutputStream outputStream;

	private PrintWriter writer;

	private boolean errorSent;

	TracingResponseWrapper(HttpServletResponse response, RequestContext context) {
		super(response);
		this.context = context;
	}

	boolean isErrorSent() {
		return this.errorSent;
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		super.sendError(sc, msg);
		this.errorSent = true;
	}

	@Override
	public void sendError(int sc) throws IOException {
		super.sendError(sc);
		this.errorSent = true;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new CountingOutputStream(super.getOutputStream(), this.context);
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			PrintWriter delegate = super.getWriter();
			boolean utf8 = StandardCharsets.UTF_8.name().equalsIgnoreCase(getCharacterEncoding());
			this.writer = new PrintWriter(new CountingWriter(delegate, this.context, utf8), false);
		}
		return this.writer;
	}

	private static final class CountingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private final RequestContext context;

		CountingOutputStream(ServletOutputStream delegate, RequestContext context) {
			this.delegate = delegate;
			this.context = context;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			this.context.recordResponseBytes(1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			this.context.recordResponseBytes(len);
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
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

		private final RequestContext context;

		private final boolean utf8;

		CountingWriter(PrintWriter delegate, RequestContext context, boolean utf8) {
			this.delegate = delegate;
			this.context = context;
			this.utf8 = utf8;
		}

		@Override
		public void write(char[] cbuf, int off, int len) {
			this.delegate.write(cbuf, off, len);
			this.context.recordResponseBytes(this.utf8 ? utf8Length(cbuf, off, len) : len);
		}

		@Override
		public void write(String str, int off, int len) {
			this.delegate.write(str, off, len);
			long bytes = len;
			if (this.utf8) {
				bytes = 0;
				for (int i = off; i < off + len; i++) {
					bytes += utf8Length(str.charAt(i));
				}
			}
			this.context.recordResponseBytes(bytes);
		}

		@Override
		public void write(int c) {
			this.delegate.write(c);
			this.context.recordResponseBytes(this.utf8 ? utf8Length((char) c) : 1);
		}

		@Override
		public void flush() {
			this.delegate.flush();
		}

		@Override
		public void close() {
			this.delegate.close();
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
