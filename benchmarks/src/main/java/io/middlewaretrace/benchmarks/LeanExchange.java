package io.middlewaretrace.benchmarks;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A request/response pair whose header and attribute storage allocates nothing once set up, as
 * a real container's does (Tomcat reuses its header and attribute structures per connection).
 * Spring's mocks allocate on every header lookup (they lower-case the name) and every header or
 * attribute set; with this pair, what a benchmark measures is the code under test. Everything
 * else is answered by the wrapped mocks.
 */
final class LeanExchange {

	private LeanExchange() {
	}

	static final class Request extends HttpServletRequestWrapper {

		private final String[] headerNames;

		private final String[] headerValues;

		private final String[] attributeNames = new String[32];

		private final Object[] attributeValues = new Object[32];

		Request(HttpServletRequest mock, String... headers) {
			super(mock);
			this.headerNames = new String[headers.length / 2];
			this.headerValues = new String[headers.length / 2];
			for (int i = 0; i < this.headerNames.length; i++) {
				this.headerNames[i] = headers[2 * i];
				this.headerValues[i] = headers[2 * i + 1];
			}
		}

		@Override
		public String getHeader(String name) {
			for (int i = 0; i < this.headerNames.length; i++) {
				if (this.headerNames[i].equalsIgnoreCase(name)) {
					return this.headerValues[i];
				}
			}
			return null;
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			String value = getHeader(name);
			return (value != null) ? Collections.enumeration(java.util.List.of(value)) : Collections.emptyEnumeration();
		}

		@Override
		public long getContentLengthLong() {
			return -1;
		}

		@Override
		public int getContentLength() {
			return -1;
		}

		@Override
		public DispatcherType getDispatcherType() {
			return DispatcherType.REQUEST;
		}

		@Override
		public boolean isAsyncStarted() {
			return false;
		}

		@Override
		public Object getAttribute(String name) {
			int slot = slot(name);
			return (slot >= 0) ? this.attributeValues[slot] : null;
		}

		@Override
		public void setAttribute(String name, Object value) {
			if (value == null) {
				removeAttribute(name);
				return;
			}
			int slot = slot(name);
			if (slot < 0) {
				slot = slot(null);
				if (slot < 0) {
					throw new IllegalStateException("More than " + this.attributeNames.length + " attributes");
				}
				this.attributeNames[slot] = name;
			}
			this.attributeValues[slot] = value;
		}

		@Override
		public void removeAttribute(String name) {
			int slot = slot(name);
			if (slot >= 0) {
				this.attributeNames[slot] = null;
				this.attributeValues[slot] = null;
			}
		}

		void clearAttributes() {
			java.util.Arrays.fill(this.attributeNames, null);
			java.util.Arrays.fill(this.attributeValues, null);
		}

		private int slot(String name) {
			for (int i = 0; i < this.attributeNames.length; i++) {
				String candidate = this.attributeNames[i];
				if (candidate == name || (candidate != null && candidate.equals(name))) {
					return i;
				}
			}
			return -1;
		}

	}

	static final class Response extends HttpServletResponseWrapper {

		private final String[] headerNames = new String[16];

		private final String[] headerValues = new String[16];

		private final Body body = new Body();

		private int status = 200;

		private boolean committed;

		Response(HttpServletResponse mock) {
			super(mock);
		}

		void recycle() {
			java.util.Arrays.fill(this.headerNames, null);
			java.util.Arrays.fill(this.headerValues, null);
			this.status = 200;
			this.committed = false;
			this.body.count = 0;
		}

		long bodyBytes() {
			return this.body.count;
		}

		@Override
		public void setHeader(String name, String value) {
			int slot = slot(name);
			if (slot < 0) {
				slot = slot(null);
				this.headerNames[slot] = name;
			}
			this.headerValues[slot] = value;
		}

		@Override
		public void addHeader(String name, String value) {
			setHeader(name, value);
		}

		@Override
		public String getHeader(String name) {
			int slot = slot(name);
			return (slot >= 0) ? this.headerValues[slot] : null;
		}

		@Override
		public boolean containsHeader(String name) {
			return slot(name) >= 0;
		}

		@Override
		public void setStatus(int status) {
			this.status = status;
		}

		@Override
		public int getStatus() {
			return this.status;
		}

		@Override
		public boolean isCommitted() {
			return this.committed;
		}

		@Override
		public void flushBuffer() {
			this.committed = true;
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.body;
		}

		private int slot(String name) {
			for (int i = 0; i < this.headerNames.length; i++) {
				String candidate = this.headerNames[i];
				if ((name == null) ? candidate == null : name.equalsIgnoreCase(candidate)) {
					return i;
				}
			}
			return -1;
		}

	}

	static final class Body extends ServletOutputStream {

		long count;

		@Override
		public void write(int b) throws IOException {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.count += len;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
		}

	}

}
