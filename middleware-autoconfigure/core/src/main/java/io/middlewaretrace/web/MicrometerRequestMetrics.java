package io.middlewaretrace.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link RequestMetrics} backed by Micrometer counters.
 * <ul>
 * <li>{@code middleware.inbound.traceparent.invalid} (tag {@code reason}: {@code missing},
 * {@code malformed}): inbound requests without a valid W3C {@code traceparent}.</li>
 * <li>{@code middleware.inbound.tracestate.invalid} (tag {@code reason}: {@code malformed},
 * {@code truncated}): inbound requests whose combined {@code tracestate} was discarded or cut to
 * 32 members.</li>
 * <li>{@code middleware.access-log.untraced}: access-log lines written without a trace id; stays
 * 0 when tracing works.</li>
 * <li>{@code middleware.internal.errors}: failures inside the starter that requests survived.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public class MicrometerRequestMetrics implements RequestMetrics {

	private final Counter traceparentMissing;

	private final Counter traceparentMalformed;

	private final Counter tracestateMalformed;

	private final Counter tracestateTruncated;

	private final Counter accessLogWithoutTraceId;

	private final Counter internalErrors;

	public MicrometerRequestMetrics(MeterRegistry registry) {
		this.traceparentMissing = invalidTraceparent(registry, "missing");
		this.traceparentMalformed = invalidTraceparent(registry, "malformed");
		this.tracestateMalformed = invalidTracestate(registry, "malformed");
		this.tracestateTruncated = invalidTracestate(registry, "truncated");
		this.accessLogWithoutTraceId = Counter.builder("middleware.access-log.untraced")
			.description("Access-log lines written without a trace id")
			.register(registry);
		this.internalErrors = Counter.builder("middleware.internal.errors")
			.description("Failures inside middleware-trace that requests survived")
			.register(registry);
	}

	private static Counter invalidTraceparent(MeterRegistry registry, String reason) {
		return Counter.builder("middleware.inbound.traceparent.invalid")
			.description("Inbound requests without a valid W3C traceparent header")
			.tag("reason", reason)
			.register(registry);
	}

	private static Counter invalidTracestate(MeterRegistry registry, String reason) {
		return Counter.builder("middleware.inbound.tracestate.invalid")
			.description("Inbound requests whose W3C tracestate was discarded or cut to 32 members")
			.tag("reason", reason)
			.register(registry);
	}

	@Override
	public void traceparentMissing() {
		this.traceparentMissing.increment();
	}

	@Override
	public void traceparentMalformed() {
		this.traceparentMalformed.increment();
	}

	@Override
	public void tracestateMalformed() {
		this.tracestateMalformed.increment();
	}

	@Override
	public void tracestateTruncated() {
		this.tracestateTruncated.increment();
	}

	@Override
	public void accessLogWithoutTraceId() {
		this.accessLogWithoutTraceId.increment();
	}

	@Override
	public void internalError() {
		this.internalErrors.increment();
	}

}
