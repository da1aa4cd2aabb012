package io.middlewaretrace.autoconfigure.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.web.ProblemDetailTraceIdAdvice;

/**
 * The trace id in error bodies: in Spring Boot's error attributes and in every
 * {@code ProblemDetail} Spring MVC writes. Which format an error gets stays Spring Boot's choice.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "middleware.errors.include-trace-id", matchIfMissing = true)
class ErrorsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static ErrorAttributesTraceIdPostProcessor middlewareErrorAttributesTraceIdPostProcessor() {
		return new ErrorAttributesTraceIdPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailTraceIdAdvice middlewareProblemDetailTraceIdAdvice() {
		return new ProblemDetailTraceIdAdvice();
	}

}
