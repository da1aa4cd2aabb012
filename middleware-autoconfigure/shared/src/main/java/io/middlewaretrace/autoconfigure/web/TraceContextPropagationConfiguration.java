package io.middlewaretrace.autoconfigure.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.TraceContextPropagator;

/**
 * W3C Trace Context over all header fields of a request ({@link TraceContextPropagator}) when
 * OpenTelemetry propagates the trace.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ContextPropagators.class, Span.class })
class TraceContextPropagationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static TraceContextPropagatorsPostProcessor middlewareTraceContextPropagatorsPostProcessor(
			ObjectProvider<RequestMetrics> metrics) {
		return new TraceContextPropagatorsPostProcessor(metrics);
	}

}
