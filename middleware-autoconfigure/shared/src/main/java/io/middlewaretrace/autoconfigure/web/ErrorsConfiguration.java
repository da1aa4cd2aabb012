package io.middlewaretrace.autoconfigure.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import io.middlewaretrace.autoconfigure.SpringBootLine;
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
	@ConditionalOnClass(name = SpringBootLine.ERROR_ATTRIBUTES)
	static ErrorAttributesTraceIdPostProcessor middlewareErrorAttributesTraceIdPostProcessor() {
		return new ErrorAttributesTraceIdPostProcessor(ClassUtils.resolveClassName(SpringBootLine.ERROR_ATTRIBUTES,
				ErrorsConfiguration.class.getClassLoader()));
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailTraceIdAdvice middlewareProblemDetailTraceIdAdvice() {
		return new ProblemDetailTraceIdAdvice();
	}

}
