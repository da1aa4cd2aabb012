package io.middlewaretrace.web;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TraceContextPropagator} in front of OpenTelemetry's real W3C propagator, with the getter
 * Spring's server observation uses ({@code getHeader}, the first field only).
 */
class TraceContextPropagatorTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	private static final TextMapGetter<HttpServletRequest> FIRST_FIELD = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpServletRequest carrier) {
			return List.of();
		}

		@Override
		public String get(HttpServletRequest carrier, String key) {
			return carrier.getHeader(key);
		}

	};

	private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, String> carrier, String key) {
			return carrier.get(key);
		}

	};

	private final CountingMetrics metrics = new CountingMetrics();

	private final TraceContextPropagator propagator = new TraceContextPropagator(
			W3CTraceContextPropagator.getInstance(), () -> this.metrics);

	@Test
	void continuesASingleTraceparentAsTheDelegateDoes() {
		SpanContext parent = extract(request(TRACEPARENT));
		assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(parent.isRemote()).isTrue();
		assertThat(parent.getTraceState().isEmpty()).isTrue();
	}

	@Test
	void continuesNothingWhenTraceparentIsRepeated() {
		SpanContext parent = extract(request(TRACEPARENT, TRACEPARENT));
		assertThat(parent.isValid()).isFalse();
	}

	@Test
	void givesTheParentTheCombinedTracestate() {
		MockHttpServletRequest request = request(TRACEPARENT);
		request.addHeader("tracestate", "rojo=00f067aa0ba902b7");
		request.addHeader("tracestate", "");
		request.addHeader("tracestate", "congo=t61rcWkgMzE");
		TraceState state = extract(request).getTraceState();
		assertThat(state.asMap()).containsExactly(Map.entry("rojo", "00f067aa0ba902b7"),
				Map.entry("congo", "t61rcWkgMzE"));
		assertThat(this.metrics.malformed + this.metrics.truncated).isZero();
	}

	@Test
	void discardsAndCountsAMalformedTracestate() {
		MockHttpServletRequest request = request(TRACEPARENT);
		request.addHeader("tracestate", "rojo=1");
		request.addHeader("tracestate", "Congo=2");
		SpanContext parent = extract(request);
		assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(parent.getTraceState().isEmpty()).isTrue();
		assertThat(this.metrics.malformed).isOne();
	}

	@Test
	void countsACutTracestate() {
		MockHttpServletRequest request = request(TRACEPARENT);
		for (int i = 0; i < 33; i++) {
			request.addHeader("tracestate", "k" + i + "=" + i);
		}
		TraceState state = extract(request).getTraceState();
		assertThat(state.size()).isEqualTo(32);
		assertThat(state.get("k32")).isNull();
		assertThat(this.metrics.truncated).isOne();
	}

	@Test
	void ignoresATracestateWithoutTraceparentAndDoesNotCountIt() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("tracestate", "NOT VALID");
		assertThat(extract(request).isValid()).isFalse();
		assertThat(this.metrics.malformed).isZero();
	}

	@Test
	void appliesTheSameRulesToTheOneValueOfOtherCarriers() {
		Map<String, String> carrier = new HashMap<>();
		carrier.put("traceparent", TRACEPARENT);
		carrier.put("tracestate", "foo@@bar=1,,baz=2");
		Context extracted = this.propagator.extract(Context.root(), carrier, MAP);
		assertThat(Span.fromContext(extracted).getSpanContext().getTraceState().asMap())
			.containsExactly(Map.entry("foo@@bar", "1"), Map.entry("baz", "2"));
	}

	@Test
	void keepsTheRandomFlagOfTheInboundTraceparentForOutboundCalls() {
		SpanContext parent = extract(request("00-" + TRACE_ID + "-00f067aa0ba902b7-03"));
		assertThat(parent.getTraceState()).isInstanceOf(W3CTraceState.class);
		// what OpenTelemetry's SDK makes of a child span: the sampled flag only, the parent's state
		SpanContext child = SpanContext.create(TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(),
				parent.getTraceState());
		assertThat(inject(child).get("traceparent")).isEqualTo("00-" + TRACE_ID + "-b7ad6b7169203331-03");
	}

	@Test
	void leavesOutboundFlagsAloneWithoutTheRandomFlag() {
		SpanContext parent = extract(request(TRACEPARENT));
		SpanContext child = SpanContext.create(TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(),
				parent.getTraceState());
		assertThat(inject(child).get("traceparent")).isEqualTo("00-" + TRACE_ID + "-b7ad6b7169203331-01");
	}

	@Test
	void fallsBackToTheDelegateWhenReadingTheFieldsFails() {
		MockHttpServletRequest request = new MockHttpServletRequest() {

			@Override
			public Enumeration<String> getHeaders(String name) {
				throw new IllegalStateException("broken container");
			}

		};
		request.addHeader("traceparent", TRACEPARENT);
		assertThat(extract(request).getTraceId()).isEqualTo(TRACE_ID);
		assertThat(this.metrics.internalErrors).isOne();
	}

	@Test
	void namesTheDelegatesFields() {
		assertThat(this.propagator.fields()).containsExactlyInAnyOrder("traceparent", "tracestate");
	}

	private SpanContext extract(HttpServletRequest request) {
		return Span.fromContext(this.propagator.extract(Context.root(), request, FIRST_FIELD)).getSpanContext();
	}

	private Map<String, String> inject(SpanContext spanContext) {
		Map<String, String> headers = new HashMap<>();
		this.propagator.inject(Context.root().with(Span.wrap(spanContext)), headers, Map::put);
		return headers;
	}

	private static MockHttpServletRequest request(String... traceparents) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		for (String traceparent : traceparents) {
			request.addHeader("traceparent", traceparent);
		}
		return request;
	}

	static final class CountingMetrics implements RequestMetrics {

		int malformed;

		int truncated;

		int internalErrors;

		@Override
		public void tracestateMalformed() {
			this.malformed++;
		}

		@Override
		public void tracestateTruncated() {
			this.truncated++;
		}

		@Override
		public void internalError() {
			this.internalErrors++;
		}

	}

}
