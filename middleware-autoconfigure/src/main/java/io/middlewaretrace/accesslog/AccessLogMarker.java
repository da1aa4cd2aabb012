package io.middlewaretrace.accesslog;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.marker.LogstashMarker;

import io.middlewaretrace.context.RequestContext;

/**
 * The fields of one access-log line, written straight into the JSON event by
 * logstash-logback-encoder (no intermediate map). Field names are documented in
 * {@code docs/access-log.md}; they differ from the MDC keys ({@code traceId}, {@code spanId},
 * {@code route}) so a line never carries one key twice.
 */
final class AccessLogMarker extends LogstashMarker {

	static final String NAME = "MIDDLEWARE_ACCESS";

	private final String traceId;

	private final String spanId;

	private final String route;

	private final String method;

	private final int status;

	private final long durationMicros;

	private final long responseBytes;

	AccessLogMarker(RequestContext context, String route) {
		super(NAME);
		this.traceId = context.traceId();
		this.spanId = context.spanId();
		this.route = route;
		this.method = context.method();
		this.status = context.status();
		this.durationMicros = context.durationNanos() / 1000;
		this.responseBytes = context.responseBytes();
	}

	@Override
	public void writeTo(JsonGenerator generator) throws IOException {
		if (this.traceId != null) {
			generator.writeStringField("trace_id", this.traceId);
			generator.writeStringField("span_id", this.spanId);
		}
		generator.writeStringField("http_route", this.route);
		generator.writeStringField("http_method", this.method);
		generator.writeNumberField("http_status", this.status);
		generator.writeFieldName("duration_ms");
		// milliseconds with microsecond precision, without going through double formatting
		generator.writeNumber(this.durationMicros / 1000 + "." + threeDigits(this.durationMicros % 1000));
		generator.writeNumberField("response_bytes", this.responseBytes);
	}

	private static String threeDigits(long value) {
		return (value < 10) ? "00" + value : (value < 100) ? "0" + value : Long.toString(value);
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	@Override
	public String toString() {
		return "trace_id=" + this.traceId + ", http_route=" + this.route + ", http_status=" + this.status;
	}

}
