package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.jdbc.ConnectionLeakMeters;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSettings;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSource;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

/**
 * Leak diagnostics of pooled connections: the {@link ConnectionLeakSource} that tracks every
 * connection borrowed through the wrapped {@link DataSource} (as a listener of the one data
 * source wrapper) and its gauges.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "middleware.leaks.connections.enabled", matchIfMissing = true)
class LeakJdbcConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionLeakSource middlewareConnectionLeakSource(LeakProperties properties, ObjectProvider<LeakMetrics> metrics) {
		return new ConnectionLeakSource(settings(properties), metrics.getIfAvailable(() -> LeakMetrics.NONE));
	}

	static ConnectionLeakSettings settings(LeakProperties properties) {
		LeakProperties.Connections connections = properties.getConnections();
		double rate = connections.getFrameSampleRate();
		require(rate >= 0.0 && rate <= 1.0, "middleware.leaks.connections.frame-sample-rate", rate,
				"Must be between 0.0 and 1.0.");
		int maxFrames = requirePositive("middleware.leaks.connections.max-frames", connections.getMaxFrames());
		Duration threshold = requirePositive("middleware.leaks.connections.held-threshold",
				connections.getHeldThreshold());
		Duration grace = requireNotNegative("middleware.leaks.connections.reclaim.grace-period",
				connections.getReclaim().getGracePeriod());
		// checked here too: an application's own sweeper skips the sweeper's check
		int recent = requireNotNegative("middleware.leaks.recent", properties.getRecent());
		return new ConnectionLeakSettings(rate, maxFrames, threshold, connections.isEvictOnBroken(),
				connections.getReclaim().isEnabled(), grace, recent);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class ConnectionLeakMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConnectionLeakMeters middlewareConnectionLeakMeters(ConnectionLeakSource source) {
			return new ConnectionLeakMeters(source);
		}

	}

}
