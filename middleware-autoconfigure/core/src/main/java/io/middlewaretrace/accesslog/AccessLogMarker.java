package io.middlewaretrace.accesslog;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import net.logstash.logback.marker.LogstashMarker;

import io.middlewaretrace.context.DeadlineOutcome;
import io.middlewaretrace.context.DefaultRequestContext;

/**
 * The fields of one access-log line, written straight into the JSON event by
 * logstash-logback-encoder (no intermediate map). Field names are documented in
 * {@code docs/access-log.md}; they differ from the MDC keys ({@code traceId}, {@code spanId},
 * {@code route}) so a line never carries one key twice.
 */
final class AccessLogMarker extends LogstashMarker {

	static final String NAME = "MIDDLEWARE_ACCESS";

	private static final SerializableString TRACE_ID = new SerializedString("trace_id");

	private static final SerializableString SPAN_ID = new SerializedString("span_id");

	private static final SerializableString HTTP_ROUTE = new SerializedString("http_route");

	private static final SerializableString HTTP_METHOD = new SerializedString("http_method");

	private static final SerializableString HTTP_STATUS = new SerializedString("http_status");

	private static final SerializableString DURATION_MS = new SerializedString("duration_ms");

	private static final SerializableString RESPONSE_BYTES = new SerializedString("response_bytes");

	private static final SerializableString DEADLINE_OUTCOME = new SerializedString("deadline_outcome");

	private final String traceId;

	private final String spanId;

	private final String route;

	private final String method;

	private final int status;

	private final long durationMicros;

	private final long responseBytes;

	private final DeadlineOutcome deadlineOutcome;

	AccessLogMarker(DefaultRequestContext context, String route) {
		super(NAME);
		this.traceId = context.traceId();
		this.spanId = context.spanId();
		this.route = route;
		this.method = context.method();
		this.status = context.status();
		this.durationMicros = context.durationNanos() / 1000;
		this.responseBytes = context.responseBytes();
		this.deadlineOutcome = context.deadlineOutcome();
	}

	/**
	 * The line's message, {@code <method> <route> <status>}, as the logger call formats it.
	 */
	String message() {
		return this.method + " " + this.route + " " + this.status;
	}

	@Override
	public void writeTo(JsonGenerator generator) throws IOException {
		// field names go out pre-encoded: the generator copies their bytes without escaping
		if (this.traceId != null) {
			generator.writeFieldName(TRACE_ID);
			generator.writeString(this.traceId);
			generator.writeFieldName(SPAN_ID);
			generator.writeString(this.spanId);
		}
		generator.writeFieldName(HTTP_ROUTE);
		generator.writeString(this.route);
		generator.writeFieldName(HTTP_METHOD);
		generator.writeString(this.method);
		generator.writeFieldName(HTTP_STATUS);
		generator.writeNumber(this.status);
		generator.writeFieldName(DURATION_MS);
		writeMillis(generator, this.durationMicros);
		generator.writeFieldName(RESPONSE_BYTES);
		generator.writeNumber(this.responseBytes);
		if (this.deadlineOutcome != null) {
			generator.writeFieldName(DEADLINE_OUTCOME);
			generator.writeString(this.deadlineOutcome.value());
		}
	}

	/**
	 * Writes microseconds as milliseconds with three decimals ({@code 70.333}), without going
	 * through double formatting.
	 */
	static void writeMillis(JsonGenerator generator, long micros) throws IOException {
		char[] digits = new char[24];
		int end = digits.length;
		long value = Math.max(0, micros);
		for (int i = 0; i < 3; i++) {
			digits[--end] = (char) ('0' + value % 10);
			value /= 10;
		}
		digits[--end] = '.';
		do {
			digits[--end] = (char) ('0' + value % 10);
			value /= 10;
		}
		while (value > 0);
		generator.writeNumber(digits, end, digits.length - end);
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
