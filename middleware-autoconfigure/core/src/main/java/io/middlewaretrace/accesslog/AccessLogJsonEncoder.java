package io.middlewaretrace.accesslog;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import net.logstash.logback.composite.AbstractJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.marker.LogstashMarker;
import org.slf4j.Marker;

/**
 * The access log's JSON encoder: the standard fields of logstash-logback-encoder's
 * {@code LogstashEncoder} ({@code @timestamp}, {@code @version}, {@code message},
 * {@code logger_name}, {@code thread_name}, {@code level}, {@code level_value}), in its order,
 * followed by the access-log fields, and nothing else (no MDC, no logger-context properties).
 * <p>
 * A line comes out as {@code LogstashEncoder} with MDC and context turned off would write it,
 * at a fraction of the cost: {@code @timestamp} is written by logstash-logback-encoder's own
 * timestamp provider, everything after it by one provider, and the message of an access-log
 * event is built from its fields without parsing a format. The starter's own appender uses it
 * (outputs {@code console} and {@code file}); with {@code middleware.access-log.output=logger}
 * an application can use it for the {@value AccessLogger#LOGGER_NAME} logger in its own
 * Logback configuration:
 * <pre>{@code
 * <encoder class="io.middlewaretrace.accesslog.AccessLogJsonEncoder"/>
 * }</pre>
 * Events that are not access-log events (anything else logged with this encoder) keep their
 * formatted message, Logstash markers and stack trace ({@code stack_trace}).
 *
 * @since 0.1.0
 */
public class AccessLogJsonEncoder extends LoggingEventCompositeJsonEncoder {

	/**
	 * Creates the encoder; configure its context and start it as any Logback encoder.
	 */
	public AccessLogJsonEncoder() {
		LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
		providers.addTimestamp(new LoggingEventFormattedTimestampJsonProvider());
		providers.addProvider(new StandardAndAccessFields());
		setProviders(providers);
	}

	/**
	 * Writes every field after {@code @timestamp}.
	 */
	static final class StandardAndAccessFields extends AbstractJsonProvider<ILoggingEvent> {

		private static final SerializableString VERSION = new SerializedString("@version");

		private static final SerializableString VERSION_VALUE = new SerializedString("1");

		private static final SerializableString MESSAGE = new SerializedString("message");

		private static final SerializableString LOGGER_NAME = new SerializedString("logger_name");

		private static final SerializableString ACCESS_LOGGER_NAME = new SerializedString(AccessLogger.LOGGER_NAME);

		private static final SerializableString THREAD_NAME = new SerializedString("thread_name");

		private static final SerializableString LEVEL = new SerializedString("level");

		private static final SerializableString INFO = new SerializedString(Level.INFO.toString());

		private static final SerializableString LEVEL_VALUE = new SerializedString("level_value");

		@Override
		public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
			AccessLogMarker access = accessMarker(event);
			Level level = event.getLevel();
			// field names and constant values go out pre-encoded, copied without escaping
			generator.writeFieldName(VERSION);
			generator.writeString(VERSION_VALUE);
			generator.writeFieldName(MESSAGE);
			generator.writeString((access != null) ? access.message() : event.getFormattedMessage());
			generator.writeFieldName(LOGGER_NAME);
			if (AccessLogger.LOGGER_NAME.equals(event.getLoggerName())) {
				generator.writeString(ACCESS_LOGGER_NAME);
			}
			else {
				generator.writeString(event.getLoggerName());
			}
			generator.writeFieldName(THREAD_NAME);
			generator.writeString(event.getThreadName());
			generator.writeFieldName(LEVEL);
			if (level == Level.INFO) {
				generator.writeString(INFO);
			}
			else {
				generator.writeString(level.toString());
			}
			generator.writeFieldName(LEVEL_VALUE);
			generator.writeNumber(level.toInt());
			IThrowableProxy throwable = event.getThrowableProxy();
			if (throwable != null) {
				generator.writeStringField("stack_trace", ThrowableProxyUtil.asString(throwable));
			}
			List<Marker> markers = event.getMarkerList();
			if (markers != null) {
				for (Marker marker : markers) {
					writeMarker(generator, marker);
				}
			}
		}

		private static void writeMarker(JsonGenerator generator, Marker marker) throws IOException {
			if (marker instanceof LogstashMarker logstash) {
				logstash.writeTo(generator);
			}
			if (marker.hasReferences()) {
				Iterator<Marker> references = marker.iterator();
				while (references.hasNext()) {
					writeMarker(generator, references.next());
				}
			}
		}

		private static AccessLogMarker accessMarker(ILoggingEvent event) {
			List<Marker> markers = event.getMarkerList();
			if (markers != null && markers.size() == 1 && markers.get(0) instanceof AccessLogMarker access) {
				return access;
			}
			return null;
		}

	}

}
