package io.middlewaretrace.accesslog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.unit.DataSize;

/**
 * Attaches the starter's own JSON appender to the {@value AccessLogger#LOGGER_NAME} logger: an
 * {@link AccessLogJsonEncoder} writing to standard output or a file, so
 * access-log lines are JSON whatever the application's own log format. Lines are encoded on the
 * request thread and written in batches by a writer thread (see {@link JsonLineAppender}). The
 * logger stops propagating to the application's appenders, so each request is logged once.
 * Detached, with every pending line written, when the application context closes.
 *
 * @since 0.1.0
 */
public class AccessLogAppender implements InitializingBean, DisposableBean {

	/**
	 * Least memory the pending lines may be given: one write batch.
	 */
	public static final DataSize MIN_PENDING = DataSize.ofBytes(JsonLineAppender.BATCH_BYTES);

	private static final String APPENDER_NAME = "MIDDLEWARE_ACCESS_LOG";

	private final Path file;

	private final Duration flushInterval;

	private final DataSize maxPending;

	private JsonLineAppender appender;

	private Logger logger;

	private boolean previousAdditive;

	private Level previousLevel;

	/**
	 * Creates an appender writing to standard output ({@code file == null}) or a file.
	 * @param file the file to append to, or {@code null} for standard output
	 * @param flushInterval longest time a line may wait before it is written
	 * @param maxPending most bytes of lines held in memory, waiting to be written
	 */
	public AccessLogAppender(Path file, Duration flushInterval, DataSize maxPending) {
		if (flushInterval.isNegative() || flushInterval.isZero()) {
			throw new IllegalArgumentException("Access-log flush interval must be positive, but was " + flushInterval);
		}
		if (maxPending.toBytes() < MIN_PENDING.toBytes()) {
			throw new IllegalArgumentException("Access-log max pending must be at least "
					+ MIN_PENDING.toKilobytes() + "KB, but was " + maxPending);
		}
		this.file = file;
		this.flushInterval = flushInterval;
		this.maxPending = maxPending;
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		AccessLogJsonEncoder encoder = new AccessLogJsonEncoder();
		encoder.setContext(context);
		encoder.start();
		JsonLineAppender appender = new JsonLineAppender(encoder, openTarget(), this.flushInterval,
				this.maxPending.toBytes());
		appender.setName(APPENDER_NAME);
		appender.setContext(context);
		appender.start();
		Logger logger = context.getLogger(AccessLogger.LOGGER_NAME);
		this.previousAdditive = logger.isAdditive();
		this.previousLevel = logger.getLevel();
		if (this.previousLevel == null) {
			logger.setLevel(Level.INFO);
		}
		logger.addAppender(appender);
		logger.setAdditive(false);
		this.logger = logger;
		this.appender = appender;
	}

	private OutputStream openTarget() {
		if (this.file == null) {
			return new JsonLineAppender.StandardOutput();
		}
		try {
			Path parent = this.file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			return new FileOutputStream(this.file.toFile(), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open access-log file " + this.file.toAbsolutePath(), ex);
		}
	}

	@Override
	public void destroy() {
		if (this.logger != null) {
			this.logger.detachAppender(this.appender);
			this.logger.setAdditive(this.previousAdditive);
			this.logger.setLevel(this.previousLevel);
			// writes out every line still pending
			this.appender.stop();
		}
	}

}
