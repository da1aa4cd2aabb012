package io.middlewaretrace.autoconfigure.stage;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import io.middlewaretrace.MiddlewareTraceMarkerConfiguration;

/**
 * Deep tracing is on: {@code @EnableMiddlewareTrace} or {@code middleware.stage-trace.enabled}.
 */
class DeepTracingCondition extends AnyNestedCondition {

	DeepTracingCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBooleanProperty("middleware.stage-trace.enabled")
	static class PropertyEnabled {

	}

	@ConditionalOnBean(MiddlewareTraceMarkerConfiguration.Marker.class)
	static class AnnotationPresent {

	}

}
