package io.middlewaretrace.autoconfigure.stage;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.middlewaretrace.MiddlewareTraceMarkerConfiguration;

/**
 * Deep tracing is on: {@code middleware.stage-trace.enabled=true}, or
 * {@code @EnableMiddlewareTrace} without {@code middleware.stage-trace.enabled=false}.
 */
class DeepTracingCondition extends SpringBootCondition implements ConfigurationCondition {

	static final String PROPERTY = "middleware.stage-trace.enabled";

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Boolean property = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
		if (property != null) {
			return new ConditionOutcome(property, PROPERTY + "=" + property);
		}
		boolean annotated = context.getBeanFactory() != null && context.getBeanFactory()
			.getBeanNamesForType(MiddlewareTraceMarkerConfiguration.Marker.class, true, false).length > 0;
		return new ConditionOutcome(annotated,
				annotated ? "@EnableMiddlewareTrace present" : "neither @EnableMiddlewareTrace nor " + PROPERTY);
	}

}
