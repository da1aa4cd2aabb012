package io.middlewaretrace.autoconfigure.web;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.web.MicrometerTraceSource;
import io.middlewaretrace.web.TraceSource;

/**
 * Reads trace ids from Micrometer Tracing when it is on the class path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tracer.class)
class TracingConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceSource middlewareTraceSource(ObjectProvider<Tracer> tracer) {
		Tracer available = tracer.getIfUnique();
		return (available != null) ? new MicrometerTraceSource(available) : TraceSource.NONE;
	}

}
