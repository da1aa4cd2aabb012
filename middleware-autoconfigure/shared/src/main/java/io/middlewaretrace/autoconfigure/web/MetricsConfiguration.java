package io.middlewaretrace.autoconfigure.web;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.web.MicrometerRequestMetrics;
import io.middlewaretrace.web.RequestMetrics;

/**
 * Counts trace and access-log problems with Micrometer when it is on the class path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class MetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestMetrics middlewareRequestMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry available = registry.getIfUnique();
		return (available != null) ? new MicrometerRequestMetrics(available) : RequestMetrics.NONE;
	}

}
