package io.middlewaretrace.autoconfigure.leak;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.endpoint.LeaksHealthIndicator;
import io.middlewaretrace.leak.LeakSource;

/**
 * The {@code leaks} health contributor, with Spring Boot 3.5's health types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("leaks")
class LeaksHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "leaksHealthIndicator")
	LeaksHealthIndicator leaksHealthIndicator(ObjectProvider<LeakSource> sources, LeakProperties properties) {
		return new LeaksHealthIndicator(sources.orderedStream().toList(), properties.getHealth().isDownOnLeak(),
				properties.getHealth().isDownOnSaturation());
	}

}
