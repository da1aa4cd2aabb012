package io.middlewaretrace.accesslog;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
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

	private final Rolling rolling;

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
		this(file, flushInterval, maxPending, Rolling.DEFAULT);
	}

	/**
	 * Creates an appender writing to standard output ({@code file == null}) or a file rolled
	 * over by size and by day.
	 * @param file the file to append to, or {@code null} for standard output
	 * @param flushInterval longest time a line may wait before it is written
	 * @param maxPending most bytes of lines held in memory, waiting to be written
	 * @param rolling when the file is rolled over and how many archives are kept
	 */
	public AccessLogAppender(Path file, Duration flushInterval, DataSize maxPending, Rolling rolling) {
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
		this.rolling = rolling;
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
		return new RollingFileOutput(this.file, this.rolling.maxFileSize().toBytes(), this.rolling.maxHistory(),
				this.rolling.totalSizeCap().toBytes(), Clock.systemDefaultZone());
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

	/**
	 * When the access-log file is rolled over and how many archives are kept, with the meaning
	 * (and the defaults) of Spring Boot's {@code logging.logback.rollingpolicy.*} properties.
	 *
	 * @param maxFileSize size from which the file is rolled over, 0 for no limit
	 * @param maxHistory days of archives kept, 0 to keep them all
	 * @param totalSizeCap most bytes of archives kept, 0 for no cap
	 */
	public record Rolling(DataSize maxFileSize, int maxHistory, DataSize totalSizeCap) {

		/**
		 * 10 MB files, 7 days of archives, no total cap: Spring Boot's defaults.
		 */
		public static final Rolling DEFAULT = new Rolling(DataSize.ofMegabytes(10), 7, DataSize.ofBytes(0));

	}

}
