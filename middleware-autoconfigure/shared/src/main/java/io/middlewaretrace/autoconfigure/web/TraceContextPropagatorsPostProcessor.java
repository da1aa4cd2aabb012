package io.middlewaretrace.autoconfigure.web;

import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.TraceContextPropagator;

/**
 * Puts a {@link TraceContextPropagator} in front of the text map propagator of every
 * OpenTelemetry {@link ContextPropagators} bean, so that Micrometer Tracing's propagator and the
 * OpenTelemetry SDK, both built from that bean, see all {@code traceparent} and
 * {@code tracestate} fields of a request.
 */
class TraceContextPropagatorsPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<RequestMetrics> metrics;

	private volatile RequestMetrics resolved;

	TraceContextPropagatorsPostProcessor(ObjectProvider<RequestMetrics> metrics) {
		this.metrics = metrics;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ContextPropagators propagators
				&& !(propagators.getTextMapPropagator() instanceof TraceContextPropagator)) {
			return ContextPropagators.create(new TraceContextPropagator(propagators.getTextMapPropagator(), this::metrics));
		}
		return bean;
	}

	/**
	 * The metrics, looked up when the first invalid list arrives rather than while the tracer is
	 * built, which would create the meter registry early.
	 */
	private RequestMetrics metrics() {
		RequestMetrics metrics = this.resolved;
		if (metrics == null) {
			metrics = this.metrics.getIfAvailable(() -> RequestMetrics.NONE);
			this.resolved = metrics;
		}
		return metrics;
	}

}
