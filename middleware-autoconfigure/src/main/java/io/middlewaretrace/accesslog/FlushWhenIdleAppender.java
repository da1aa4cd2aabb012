package io.middlewaretrace.accesslog;

import java.io.IOException;
import java.io.OutputStream;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Sits between the asynchronous queue and the appender that writes the bytes, and flushes that
 * appender's buffered stream only when the queue has drained. Under load, many lines go out in
 * one write; when traffic is light, each line is flushed as soon as it is written, so none waits
 * in a buffer. Only the queue's single worker thread calls it.
 */
final class FlushWhenIdleAppender extends AppenderBase<ILoggingEvent> {

	private final AsyncAppender queue;

	private final OutputStreamAppender<ILoggingEvent> target;

	FlushWhenIdleAppender(AsyncAppender queue, OutputStreamAppender<ILoggingEvent> target) {
		this.queue = queue;
		this.target = target;
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.target.doAppend(event);
		if (this.queue.getNumberOfElementsInQueue() == 0) {
			try {
				this.target.getOutputStream().flush();
			}
			catch (IOException ex) {
				addError("Failed to flush access-log output", ex);
			}
		}
	}

	@Override
	public void stop() {
		super.stop();
		this.target.stop();
	}

	/**
	 * Writes to whatever {@link System#out} is at the time, so redirection (and output capture in
	 * tests) works, and never closes it.
	 */
	static final class StandardOutput extends OutputStream {

		@Override
		public void write(int b) {
			System.out.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			System.out.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			System.out.flush();
		}

		@Override
		public void close() {
			flush();
		}

	}

}
