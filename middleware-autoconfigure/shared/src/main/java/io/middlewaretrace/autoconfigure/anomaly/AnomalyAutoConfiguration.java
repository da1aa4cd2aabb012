package io.middlewaretrace.autoconfigure.anomaly;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.anomaly.AnomalyListener;
import io.middlewaretrace.anomaly.AnomalyMetrics;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.anomaly.RequestAnomalyDetector;
import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.chain.OrderCollisionCheck;
import io.middlewaretrace.endpoint.AnomaliesEndpoint;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Auto-configuration of runtime anomaly detection: the {@link AnomalyRegistry} the starter's
 * filter, response wrapper and stage wrappers report to, its {@code middleware.anomalies}
 * counter and the {@code anomalies} actuator endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		SpringBootLine.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.anomalies.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AnomalyProperties.class)
public class AnomalyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AnomalyRegistry middlewareAnomalyRegistry(AnomalyProperties properties, ObjectProvider<AnomalyListener> listeners) {
		return new AnomalyRegistry(requireNotNegative("middleware.anomalies.recent", properties.getRecent()),
				requireNotNegative("middleware.anomalies.warn-interval", properties.getWarnInterval()),
				listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnClass(MeterRegistry.class)
	AnomalyMetrics middlewareAnomalyMetrics(MeterRegistry registry) {
		return new AnomalyMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestAnomalyDetector middlewareRequestAnomalyDetector(AnomalyRegistry registry) {
		return new RequestAnomalyDetector(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	OrderCollisionCheck middlewareOrderCollisionCheck(AnomalyRegistry registry) {
		return new OrderCollisionCheck(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(AnomaliesEndpoint.class)
	static class AnomaliesEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AnomaliesEndpoint anomaliesEndpoint(AnomalyRegistry registry) {
			return new AnomaliesEndpoint(registry);
		}

	}

}
