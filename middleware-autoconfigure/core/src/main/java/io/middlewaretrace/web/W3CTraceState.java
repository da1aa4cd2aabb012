package io.middlewaretrace.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;

/**
 * An OpenTelemetry {@link TraceState} holding a {@link Tracestate} the starter validated. The
 * OpenTelemetry API's own builder checks keys against an older grammar (a tenant of at most 241
 * and a system of at most 14 characters, one '@') and silently drops what the current
 * specification allows, such as {@code foo@@bar}; this one keeps the list as received. The SDK
 * hands a parent's trace state to its child spans, so the list and the level-2 random flag of the
 * inbound {@code traceparent} reach every outbound call of the trace.
 */
final class W3CTraceState implements TraceState {

	private final Tracestate tracestate;

	private final boolean random;

	W3CTraceState(Tracestate tracestate, boolean random) {
		this.tracestate = tracestate;
		this.random = random;
	}

	/**
	 * Returns whether the inbound {@code traceparent} had the random flag ({@code 0x02}) set.
	 */
	boolean random() {
		return this.random;
	}

	@Override
	public String get(String key) {
		return this.tracestate.get(key);
	}

	@Override
	public int size() {
		return this.tracestate.size();
	}

	@Override
	public boolean isEmpty() {
		return !this.tracestate.hasMembers();
	}

	@Override
	public void forEach(BiConsumer<String, String> consumer) {
		for (int i = 0; i < this.tracestate.size(); i++) {
			consumer.accept(this.tracestate.key(i), this.tracestate.value(i));
		}
	}

	@Override
	public Map<String, String> asMap() {
		Map<String, String> map = new LinkedHashMap<>();
		forEach(map::put);
		return Collections.unmodifiableMap(map);
	}

	/**
	 * Returns OpenTelemetry's builder with the same members: changing the list goes through
	 * OpenTelemetry's rules (and its grammar) again.
	 */
	@Override
	public TraceStateBuilder toBuilder() {
		TraceStateBuilder builder = TraceState.builder();
		// OpenTelemetry's builder puts each new member in front: add them from the right
		for (int i = this.tracestate.size() - 1; i >= 0; i--) {
			builder.put(this.tracestate.key(i), this.tracestate.value(i));
		}
		return builder;
	}

	@Override
	public String toString() {
		return "W3CTraceState{" + this.tracestate.headerValue() + (this.random ? ", random" : "") + "}";
	}

}
