package io.middlewaretrace.testapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger writes, encoded by logstash-logback-encoder exactly as a JSON appender
 * would write it, MDC included.
 */
public final class JsonLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final List<JsonNode> lines = new CopyOnWriteArrayList<>();

	private final LogstashEncoder encoder = new LogstashEncoder();

	private final Logger logger;

	private JsonLogCapture(String loggerName) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.logger = context.getLogger(loggerName);
		setContext(context);
		this.encoder.setContext(context);
		this.encoder.start();
		start();
		this.logger.addAppender(this);
	}

	/**
	 * Starts capturing a logger.
	 * @param loggerName the logger
	 * @return the capture; close it to detach
	 */
	public static JsonLogCapture of(String loggerName) {
		return new JsonLogCapture(loggerName);
	}

	@Override
	protected void append(ILoggingEvent event) {
		try {
			this.lines.add(JSON.readTree(new String(this.encoder.encode(event), StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public List<JsonNode> lines() {
		return new ArrayList<>(this.lines);
	}

	/**
	 * Waits until a line matching the predicate was captured: the access log is written after
	 * the response went out, so a client can be faster than the log line.
	 */
	public JsonNode await(Predicate<JsonNode> predicate) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (JsonNode line : this.lines) {
				if (predicate.test(line)) {
					return line;
				}
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("No log line matched within 5s; captured: " + this.lines);
	}

	public JsonNode awaitField(String field, String value) {
		return await((line) -> value.equals(line.path(field).asText(null)));
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		stop();
	}

}
