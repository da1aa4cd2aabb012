package io.middlewaretrace.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Tracing and metrics in a test as in the running clinic, on Spring Boot 4 and 3.5 alike: Spring
 * Boot's test support turns them off otherwise (on 3.5 {@code management.tracing.enabled=false}
 * and no metrics export; on 4 no span or metrics export). The properties are those Boot's own
 * annotations stand for, so that one source tree serves both lines:
 * {@code @AutoConfigureObservability} on Spring Boot 3.5, {@code @AutoConfigureTracing} and
 * {@code @AutoConfigureMetrics} on Spring Boot 4 (in spring-boot-micrometer-tracing-test and
 * spring-boot-micrometer-metrics-test, which the clinic does not need: without them on the class
 * path nothing turns either off). Each line ignores the other's properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = {
		// Spring Boot 3.5: @AutoConfigureObservability (tracing and metrics)
		"spring.test.observability.auto-configure=true",
		// Spring Boot 4: @AutoConfigureTracing and @AutoConfigureMetrics
		"spring.test.tracing.export=true", "spring.test.metrics.export=true" })
@interface ClinicObservability {

}
