package io.middlewaretrace.autoconfigure.deadline;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.deadline.resilience4j.DeadlineResilience4jPostProcessor;

/**
 * Puts Resilience4j's circuit breakers, retries and time limiters under the request's deadline.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(CircuitBreakerRegistry.class)
@ConditionalOnBooleanProperty(name = "middleware.deadline.resilience4j.enabled", matchIfMissing = true)
class DeadlineResilience4jConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static DeadlineResilience4jPostProcessor middlewareDeadlineResilience4jPostProcessor() {
		return new DeadlineResilience4jPostProcessor();
	}

}
