package io.middlewaretrace.autoconfigure.leak;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.mdc.MdcLeakDetector;
import io.middlewaretrace.leak.mdc.MdcLeaks;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNoBlank;

/**
 * MDC entries left behind by a request: the {@link MdcLeakDetector} the starter's filter calls
 * around each dispatch, and the {@code mdc} section of the leaks endpoint. Spring Boot's baggage
 * correlation fields ({@code management.tracing.baggage.correlation.fields}) are Boot's own MDC
 * entries and are ignored like {@code traceId} and {@code spanId}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MDC.class)
@ConditionalOnBooleanProperty(name = "middleware.leaks.mdc.enabled", matchIfMissing = true)
class LeakMdcConfiguration {

	private static final String CORRELATION_FIELDS = "management.tracing.baggage.correlation.fields";

	@Bean
	@ConditionalOnMissingBean
	MdcLeaks middlewareMdcLeaks(LeakProperties properties, ObjectProvider<LeakMetrics> metrics) {
		return new MdcLeaks(properties.getRecent(), metrics.getIfAvailable(() -> LeakMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	MdcLeakDetector middlewareMdcLeakDetector(MdcLeaks leaks, LeakProperties properties, Environment environment) {
		LeakProperties.Mdc mdc = properties.getMdc();
		Set<String> ignored = new LinkedHashSet<>(mdc.getIgnoredKeys());
		ignored.addAll(Binder.get(environment).bind(CORRELATION_FIELDS, Bindable.listOf(String.class)).orElse(List.of()));
		List<String> redacted = requireNoBlank("middleware.leaks.mdc.redacted-keys", mdc.getRedactedKeys());
		return new MdcLeakDetector(leaks, ignored, redacted, mdc.isClear());
	}

}
