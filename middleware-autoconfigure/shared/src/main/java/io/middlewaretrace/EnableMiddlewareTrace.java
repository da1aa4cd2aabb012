package io.middlewaretrace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on deep tracing: every request records the stages it passes through (filters,
 * interceptors, handler) in its {@link io.middlewaretrace.context.DefaultRequestContext} timeline.
 * Equivalent to {@code middleware.stage-trace.enabled=true}; everything else the starter does
 * is on without this annotation.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(MiddlewareTraceMarkerConfiguration.class)
public @interface EnableMiddlewareTrace {

}
