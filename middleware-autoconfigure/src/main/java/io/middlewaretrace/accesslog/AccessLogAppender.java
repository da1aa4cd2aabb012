package io.middlewaretrace.accesslog;

import java.io.BufferedOutputStream;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.util.FileSize;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Attaches the starter's own JSON appender to the {@value AccessLogger#LOGGER_NAME} logger: a
 * logstash-logback-encoder {@link LogstashEncoder} behind an asynchronous appender, writing to
 * standard output or a file, so access-log lines are JSON whatever the application's own log
 * format. Request threads only enqueue; when the queue is full they wait rather than drop lines.
 * Lines are written in batches and flushed as soon as the queue drains.
 * The logger stops propagating to the application's appenders, so each request is logged once.
 * Detached when the application context closes.
 *
 * @since 0.1.0
 */
public class AccessLogAppender implements InitializingBean, DisposableBean {

	private static final String APPENDER_NAME = "MIDDLEWARE_ACCESS_LOG";

	private static final int BUFFER_SIZE = 64 * 1024;

	private final Path file;

	private final int queueSize;

	private AsyncAppender async;

	private Logger logger;

	private boolean previousAdditive;

	private Level previousLevel;

	/**
	 * Creates an appender writing to standard output ({@code file == null}) or a file.
	 * @param file the file to append to, or {@code null} for standard output
	 * @param queueSize capacity of the asynchronous queue
	 */
	public AccessLogAppender(Path file, int queueSize) {
		if (queueSize < 1) {
			throw new IllegalArgumentException("Access-log queue size must be at least 1, but was " + queueSize);
		}
		this.file = file;
		this.queueSize = queueSize;
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		LogstashEncoder encoder = new LogstashEncoder();
		encoder.setContext(context);
		// the access-log fields carry trace id, span id and route; MDC would repeat them
		encoder.setIncludeMdc(false);
		encoder.setIncludeContext(false);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> target = createTarget();
		target.setName(APPENDER_NAME + "_TARGET");
		target.setContext(context);
		target.setEncoder(encoder);
		target.start();
		AsyncAppender async = new AsyncAppender();
		async.setName(APPENDER_NAME);
		async.setContext(context);
		async.setQueueSize(this.queueSize);
		async.setDiscardingThreshold(0);
		async.setNeverBlock(false);
		async.setIncludeCallerData(false);
		FlushWhenIdleAppender flushing = new FlushWhenIdleAppender(async, target);
		flushing.setName(APPENDER_NAME + "_FLUSH");
		flushing.setContext(context);
		flushing.start();
		async.addAppender(flushing);
		async.start();
		Logger logger = context.getLogger(AccessLogger.LOGGER_NAME);
		this.previousAdditive = logger.isAdditive();
		this.previousLevel = logger.getLevel();
		if (this.previousLevel == null) {
			logger.setLevel(Level.INFO);
		}
		logger.addAppender(async);
		logger.setAdditive(false);
		this.logger = logger;
		this.async = async;
	}

	// buffered, not flushed per line: FlushWhenIdleAppender flushes once the queue drains, so a
	// burst costs one write instead of one per line
	private OutputStreamAppender<ILoggingEvent> createTarget() {
		if (this.file == null) {
			OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
			console.setImmediateFlush(false);
			console.setOutputStream(new BufferedOutputStream(new FlushWhenIdleAppender.StandardOutput(), BUFFER_SIZE));
			return console;
		}
		FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
		fileAppender.setFile(this.file.toString());
		fileAppender.setAppend(true);
		fileAppender.setImmediateFlush(false);
		fileAppender.setBufferSize(new FileSize(BUFFER_SIZE));
		return fileAppender;
	}

	@Override
	public void destroy() {
		if (this.logger != null) {
			this.logger.detachAppender(this.async);
			this.logger.setAdditive(this.previousAdditive);
			this.logger.setLevel(this.previousLevel);
			// waits up to Logback's maximum flush time (1 s) for queued lines to be written
			this.async.stop();
		}
	}

}
