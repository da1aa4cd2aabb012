package io.middlewaretrace.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;

/**
 * Keeps real tracing and metrics in a Spring Boot test, which Boot's test support replaces
 * with no-ops by default: {@code @AutoConfigureMetrics} and {@code @AutoConfigureTracing} on
 * Spring Boot 4. Each line's test tree has its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@AutoConfigureMetrics
@AutoConfigureTracing
public @interface WithObservability {

}
