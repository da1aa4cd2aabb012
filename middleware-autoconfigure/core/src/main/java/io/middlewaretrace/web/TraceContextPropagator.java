package io.middlewaretrace.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A {@link TextMapPropagator} that gives the tracer's propagator the W3C trace context of a request
 * as the specification reads it, header fields and all. Spring's server observation reads a
 * header with {@code getHeader}, which answers the first field only, and OpenTelemetry's W3C
 * propagator then continues the first of several {@code traceparent} fields and loses every
 * {@code tracestate} field but the first. For a servlet request this propagator reads all fields:
 * <ul>
 * <li>more than one {@code traceparent} field makes the header invalid: the propagator sees
 * neither {@code traceparent} nor {@code tracestate}, and a new trace starts;</li>
 * <li>the {@code tracestate} fields are combined, validated and cut by {@link Tracestate}; the
 * result, or nothing when it is malformed, becomes the trace state of the remote parent (counted
 * as {@code middleware.inbound.tracestate.invalid});</li>
 * <li>the level-2 random flag ({@code 0x02}) of the inbound {@code traceparent} is kept with the
 * trace state and set again in every outbound {@code traceparent} of the trace, since
 * OpenTelemetry's SDK gives child spans the sampled flag only.</li>
 * </ul>
 * Other carriers get the same rules over the one value their getter returns. Whatever fails in
 * here falls back to the delegate as it would have run without the starter.
 *
 * @since 0.1.0
 */
public class TraceContextPropagator implements TextMapPropagator {

	private static final int RANDOM_FLAG = 0x02;

	private final TextMapPropagator delegate;

	private final Supplier<RequestMetrics> metrics;

	/**
	 * Creates a propagator in front of the tracer's.
	 * @param delegate the tracer's propagator
	 * @param metrics where invalid {@code tracestate} lists are counted; asked only when one
	 * arrives
	 */
	public TraceContextPropagator(TextMapPropagator delegate, Supplier<RequestMetrics> metrics) {
		this.delegate = delegate;
		this.metrics = metrics;
	}

	/**
	 * Returns the propagator this one is in front of.
	 * @return the delegate
	 */
	public TextMapPropagator getDelegate() {
		return this.delegate;
	}

	@Override
	public Collection<String> fields() {
		return this.delegate.fields();
	}

	@Override
	public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
		if (carrier == null || getter == null) {
			return this.delegate.extract(context, carrier, getter);
		}
		TraceContextFields fields;
		try {
			fields = read(carrier, getter);
		}
		catch (RuntimeException ex) {
			metrics().internalError();
			return this.delegate.extract(context, carrier, getter);
		}
		if (fields == null) {
			return this.delegate.extract(context, carrier, getter);
		}
		if (fields.repeatedTraceparent()) {
			return this.delegate.extract(context, carrier, new HidingGetter<>(getter, true));
		}
		Context extracted = this.delegate.extract(context, carrier, new HidingGetter<>(getter, false));
		try {
			return withTraceState(extracted, fields);
		}
		catch (RuntimeException ex) {
			metrics().internalError();
			return extracted;
		}
	}

	private Context withTraceState(Context extracted, TraceContextFields fields) {
		if (!Traceparent.isValid(fields.traceparent())) {
			// the tracer starts a new trace; a tracestate without its traceparent is discarded
			return extracted;
		}
		Tracestate tracestate = (fields.tracestate() != null) ? Tracestate.combine(fields.tracestate())
				: Tracestate.combine(List.of());
		if (tracestate.status() == Tracestate.Status.MALFORMED) {
			metrics().tracestateMalformed();
		}
		else if (tracestate.status() == Tracestate.Status.TRUNCATED) {
			metrics().tracestateTruncated();
		}
		SpanContext parent = Span.fromContext(extracted).getSpanContext();
		if (!parent.isValid() || !parent.isRemote()
				|| !fields.traceparent().regionMatches(3, parent.getTraceId(), 0, 32)) {
			return extracted;
		}
		if (!tracestate.hasMembers() && !fields.random()) {
			return extracted;
		}
		SpanContext withState = SpanContext.createFromRemoteParent(parent.getTraceId(), parent.getSpanId(),
				parent.getTraceFlags(), new W3CTraceState(tracestate, fields.random()));
		return extracted.with(Span.wrap(withState));
	}

	/**
	 * Reads the trace context fields; returns {@code null} when the delegate can read them as
	 * they are (one {@code traceparent} without the random flag, no {@code tracestate}), the
	 * common case, which allocates nothing beyond the container's header enumeration.
	 */
	private static <C> TraceContextFields read(C carrier, TextMapGetter<C> getter) {
		if (carrier instanceof HttpServletRequest request) {
			String traceparent = request.getHeader(Traceparent.HEADER);
			boolean repeated = traceparent != null && isRepeated(request.getHeaders(Traceparent.HEADER));
			boolean random = !repeated && isRandom(traceparent);
			if (!repeated && !random && request.getHeader(Tracestate.HEADER) == null) {
				return null;
			}
			List<String> tracestate = null;
			Enumeration<String> tracestates = request.getHeaders(Tracestate.HEADER);
			if (tracestates != null && tracestates.hasMoreElements()) {
				tracestate = new ArrayList<>(2);
				while (tracestates.hasMoreElements()) {
					tracestate.add(tracestates.nextElement());
				}
			}
			return new TraceContextFields(traceparent, repeated, tracestate, random);
		}
		String traceparent = getter.get(carrier, Traceparent.HEADER);
		String tracestate = getter.get(carrier, Tracestate.HEADER);
		boolean random = isRandom(traceparent);
		if (tracestate == null && !random) {
			return null;
		}
		return new TraceContextFields(traceparent, false, (tracestate != null) ? List.of(tracestate) : null, random);
	}

	private static boolean isRepeated(Enumeration<String> values) {
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		values.nextElement();
		return values.hasMoreElements();
	}

	private static boolean isRandom(String traceparent) {
		return Traceparent.isValid(traceparent) && Traceparent.hasRandomFlag(traceparent);
	}

	@Override
	public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
		boolean random;
		try {
			SpanContext span = Span.fromContext(context).getSpanContext();
			random = span.getTraceState() instanceof W3CTraceState state && state.random()
					&& (span.getTraceFlags().asByte() & RANDOM_FLAG) == 0;
		}
		catch (RuntimeException ex) {
			random = false;
		}
		this.delegate.inject(context, carrier, (random && setter != null) ? new RandomFlagSetter<>(setter) : setter);
	}

	@Override
	public String toString() {
		return "TraceContextPropagator{" + this.delegate + "}";
	}

	private RequestMetrics metrics() {
		RequestMetrics metrics = this.metrics.get();
		return (metrics != null) ? metrics : RequestMetrics.NONE;
	}

	private record TraceContextFields(String traceparent, boolean repeatedTraceparent, List<String> tracestate,
			boolean random) {
	}

	/**
	 * Answers {@code null} for {@code tracestate}, which this propagator reads itself, and for
	 * {@code traceparent} when the request sent more than one.
	 */
	private static final class HidingGetter<C> implements TextMapGetter<C> {

		private final TextMapGetter<C> getter;

		private final boolean hideTraceparent;

		HidingGetter(TextMapGetter<C> getter, boolean hideTraceparent) {
			this.getter = getter;
			this.hideTraceparent = hideTraceparent;
		}

		@Override
		public Iterable<String> keys(C carrier) {
			return this.getter.keys(carrier);
		}

		@Override
		public String get(C carrier, String key) {
			if (Tracestate.HEADER.equalsIgnoreCase(key)
					|| (this.hideTraceparent && Traceparent.HEADER.equalsIgnoreCase(key))) {
				return null;
			}
			return this.getter.get(carrier, key);
		}

	}

	/**
	 * Sets the random flag in the {@code traceparent} the delegate writes.
	 */
	private static final class RandomFlagSetter<C> implements TextMapSetter<C> {

		private final TextMapSetter<C> setter;

		RandomFlagSetter(TextMapSetter<C> setter) {
			this.setter = setter;
		}

		@Override
		public void set(C carrier, String key, String value) {
			this.setter.set(carrier, key, Traceparent.HEADER.equalsIgnoreCase(key) ? withRandomFlag(value) : value);
		}

		private static String withRandomFlag(String traceparent) {
			if (traceparent == null || traceparent.length() != 55) {
				return traceparent;
			}
			int flags = Character.digit(traceparent.charAt(54), 16);
			if (flags < 0) {
				return traceparent;
			}
			return traceparent.substring(0, 54) + Character.forDigit(flags | RANDOM_FLAG, 16);
		}

	}

}
