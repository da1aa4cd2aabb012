package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.autoconfigure.deadline.DeadlineAutoConfiguration;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.endpoint.LeaksEndpoint;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.leak.LeakSweeper;
import io.middlewaretrace.leak.MicrometerLeakMetrics;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Auto-configuration of leak diagnostics: the sources that watch pooled connections, tasks, MDC
 * state and the thread count, the one {@link LeakSweeper} that sweeps them, the {@code leaks}
 * actuator endpoint, the {@code leaks} health contributor and the {@code middleware.leaks}
 * meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class }, afterName = {
		SpringBootLine.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.leaks.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LeakProperties.class, LeaksEndpointProperties.class })
@Import({ LeakJdbcConfiguration.class, LeakTaskConfiguration.class, LeakMdcConfiguration.class,
		LeakThreadConfiguration.class, LeaksHealthConfiguration.class })
public class LeakAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LeakSweeper middlewareLeakSweeper(LeakProperties properties, ObjectProvider<LeakSource> sources) {
		// the sources keep this many recent leaks and take the value unchecked
		requireNotNegative("middleware.leaks.recent", properties.getRecent());
		Duration interval = properties.getSweepInterval();
		require(interval != null && interval.compareTo(Duration.ofMillis(10)) >= 0, "middleware.leaks.sweep-interval",
				interval, "Must be at least 10ms.");
		return new LeakSweeper(interval, sources.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class LeakMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LeakMetrics middlewareLeakMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry available = registry.getIfUnique();
			return (available != null) ? new MicrometerLeakMetrics(available) : LeakMetrics.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(LeaksEndpoint.class)
	static class LeaksEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LeaksEndpoint leaksEndpoint(ObjectProvider<LeakSource> sources, LeaksEndpointProperties properties) {
			return new LeaksEndpoint(sources.orderedStream().toList(), properties.getShowValues(),
					properties.getRoles());
		}

	}

}
