package io.middlewaretrace.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.LoggerFactory;

import io.middlewaretrace.accesslog.AccessLogJsonEncoder;
import io.middlewaretrace.accesslog.AccessLogPolicy;
import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.PathExclusions;
import io.middlewaretrace.web.RequestMetrics;

/**
 * One access-log line on the request thread: {@link AccessLogger} builds the event and the
 * appender encodes it to bytes, as the starter's appender does before it hands the bytes to its
 * writer thread. {@code encoder=shipped} is the starter's {@link AccessLogJsonEncoder};
 * {@code encoder=logstash} is logstash-logback-encoder's {@link LogstashEncoder} without MDC and
 * context, which writes the same line and which the starter used before.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogEncoderBenchmark {

	@State(Scope.Thread)
	public static class Line {

		@Param({ "shipped", "logstash" })
		public String encoder;

		AccessLogger accessLogger;

		DefaultRequestContext request;

		EncodingAppender appender;

		@Setup
		public void setUp() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			Encoder<ILoggingEvent> encoder = switch (this.encoder) {
				case "shipped" -> new AccessLogJsonEncoder();
				case "logstash" -> {
					LogstashEncoder logstash = new LogstashEncoder();
					logstash.setIncludeMdc(false);
					logstash.setIncludeContext(false);
					yield logstash;
				}
				default -> throw new IllegalArgumentException("Unknown encoder " + this.encoder);
			};
			encoder.setContext(context);
			encoder.start();
			this.appender = new EncodingAppender(encoder);
			this.appender.setContext(context);
			this.appender.start();
			Logger logger = context.getLogger(AccessLogger.LOGGER_NAME);
			logger.detachAndStopAllAppenders();
			logger.setLevel(Level.INFO);
			logger.setAdditive(false);
			logger.addAppender(this.appender);
			this.accessLogger = new AccessLogger(new AccessLogPolicy(1.0, Map.of(), Duration.ofSeconds(1), true),
					RequestMetrics.NONE, PathExclusions.none());
			this.request = DefaultRequestContext.builder("GET")
				.trace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", Boolean.TRUE)
				.build();
			this.request.routePattern("/api/owners/{id}");
			this.request.complete(200, System.nanoTime() + 1_234_567);
			this.accessLogger.requestCompleted(this.request, null, null);
			if (!this.appender.last.contains("\"http_route\":\"/api/owners/{id}\"")) {
				throw new IllegalStateException("Unexpected line: " + this.appender.last);
			}
		}

		@TearDown
		public void tearDown() {
			((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLogger.LOGGER_NAME)
				.detachAndStopAllAppenders();
		}

	}

	@Benchmark
	public long line(Line line) {
		line.accessLogger.requestCompleted(line.request, null, null);
		return line.appender.bytes;
	}

	static final class EncodingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private final Encoder<ILoggingEvent> encoder;

		long bytes;

		String last = "";

		EncodingAppender(Encoder<ILoggingEvent> encoder) {
			this.encoder = encoder;
		}

		@Override
		protected void append(ILoggingEvent event) {
			byte[] line = this.encoder.encode(event);
			this.bytes += line.length;
			if (this.bytes == line.length) {
				this.last = new String(line, java.nio.charset.StandardCharsets.UTF_8);
			}
		}

	}

}
