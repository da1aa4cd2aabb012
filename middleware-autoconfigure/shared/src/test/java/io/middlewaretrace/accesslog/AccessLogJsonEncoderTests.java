package io.middlewaretrace.accesslog;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.marker.Markers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

import io.middlewaretrace.context.DefaultRequestContext;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogJsonEncoderTests {

	private final LoggerContext context = new LoggerContext();

	private final Logger logger = this.context.getLogger(AccessLogger.LOGGER_NAME);

	AccessLogJsonEncoderTests() {
		// as a context Logback configures itself has; appenders read the MDC of every event
		this.context.setMDCAdapter(new LogbackMDCAdapter());
	}

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void writesAnAccessLogLineExactlyAsLogstashEncoderWithoutMdcAndContext() {
		DefaultRequestContext request = DefaultRequestContext.builder("GET")
			.trace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", Boolean.TRUE)
			.startNanos(System.nanoTime() - TimeUnit.MICROSECONDS.toNanos(12_345))
			.build();
		request.routePattern("/api/owners/{id}");
		request.complete(404, System.nanoTime());
		// the MDC is what the request thread holds at completion; neither encoder writes it
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		this.context.putProperty("HOSTNAME", "clinic-1");
		LoggingEvent event = new LoggingEvent(Logger.FQCN, this.logger, Level.INFO, "{} {} {}", null,
				new Object[] { "GET", "/api/owners/{id}", 404 });
		event.addMarker(new AccessLogMarker(request, "/api/owners/{id}"));

		String line = encode(accessLogEncoder(), event);

		assertThat(line).isEqualTo(encode(logstashEncoder(), event));
		assertThat(line).startsWith("{\"@timestamp\":\"")
			.contains("\"@version\":\"1\",\"message\":\"GET /api/owners/{id} 404\",\"logger_name\":\"middleware.access\","
					+ "\"thread_name\":\"" + Thread.currentThread().getName()
					+ "\",\"level\":\"INFO\",\"level_value\":20000,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
					+ "\"span_id\":\"00f067aa0ba902b7\",\"http_route\":\"/api/owners/{id}\",\"http_method\":\"GET\","
					+ "\"http_status\":404,\"duration_ms\":")
			.doesNotContain("traceId", "HOSTNAME")
			.endsWith(",\"response_bytes\":0}" + System.lineSeparator());
	}

	@Test
	void keepsMessageMarkersAndStackTraceOfOtherEvents() {
		LoggingEvent event = new LoggingEvent(Logger.FQCN, this.logger, Level.WARN, "custom {}",
				new IllegalStateException("broken"), new Object[] { "line" });
		event.addMarker(Markers.append("tenant", "acme").and(Markers.append("shard", 3)));

		String line = encode(accessLogEncoder(), event);

		assertThat(line).contains("\"message\":\"custom line\"", "\"level\":\"WARN\"", "\"level_value\":30000",
				"\"tenant\":\"acme\"", "\"shard\":3", "\"stack_trace\":\"java.lang.IllegalStateException: broken");
	}

	@Test
	void worksAsTheEncoderOfALogbackConfiguration(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("access.json");
		String xml = """
				<configuration>
				  <appender name="ACCESS_FILE" class="ch.qos.logback.core.FileAppender">
				    <file>%s</file>
				    <encoder class="io.middlewaretrace.accesslog.AccessLogJsonEncoder"/>
				  </appender>
				  <logger name="middleware.access" level="INFO" additivity="false">
				    <appender-ref ref="ACCESS_FILE"/>
				  </logger>
				</configuration>
				""".formatted(file);
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(this.context);
		configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		DefaultRequestContext request = DefaultRequestContext.builder("POST").build();
		request.complete(201, System.nanoTime());

		// as AccessLogger logs it, on this test's own logger context
		this.context.getLogger(AccessLogger.LOGGER_NAME)
			.info(new AccessLogMarker(request, request.route()), "{} {} {}", request.method(), request.route(),
					request.status());
		this.context.stop();

		assertThat(this.context.getStatusManager().getCopyOfStatusList()).as("Logback status")
			.noneMatch((status) -> status.getLevel() >= Status.WARN);
		assertThat(Files.readString(file)).startsWith("{\"@timestamp\":")
			.contains("\"message\":\"POST UNKNOWN 201\"", "\"http_method\":\"POST\"", "\"http_status\":201");
	}

	@Test
	void writesTheDurationInMillisecondsWithThreeDecimals() throws Exception {
		assertThat(millis(0)).isEqualTo("0.000");
		assertThat(millis(5)).isEqualTo("0.005");
		assertThat(millis(70_333)).isEqualTo("70.333");
		assertThat(millis(1_234_567_890)).isEqualTo("1234567.890");
	}

	private static String millis(long micros) throws Exception {
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
			AccessLogMarker.writeMillis(generator, micros);
		}
		return out.toString();
	}

	private AccessLogJsonEncoder accessLogEncoder() {
		AccessLogJsonEncoder encoder = new AccessLogJsonEncoder();
		encoder.setContext(this.context);
		encoder.start();
		return encoder;
	}

	private LogstashEncoder logstashEncoder() {
		LogstashEncoder encoder = new LogstashEncoder();
		encoder.setContext(this.context);
		encoder.setIncludeMdc(false);
		encoder.setIncludeContext(false);
		encoder.start();
		return encoder;
	}

	private static String encode(Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder, LoggingEvent event) {
		return new String(encoder.encode(event), StandardCharsets.UTF_8);
	}

}
