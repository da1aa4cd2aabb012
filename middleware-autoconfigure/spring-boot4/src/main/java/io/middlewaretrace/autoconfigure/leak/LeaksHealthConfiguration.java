package io.middlewaretrace.autoconfigure.leak;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.endpoint.LeaksHealthIndicator;
import io.middlewaretrace.leak.LeakSource;

/**
 * The {@code leaks} health contributor, with Spring Boot 4's health types.
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
