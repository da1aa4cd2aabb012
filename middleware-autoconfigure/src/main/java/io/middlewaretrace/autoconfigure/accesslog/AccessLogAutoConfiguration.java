package io.middlewaretrace.autoconfigure.accesslog;

import ch.qos.logback.classic.LoggerContext;
import net.logstash.logback.marker.LogstashMarker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.accesslog.AccessLogAppender;
import io.middlewaretrace.accesslog.AccessLogPolicy;
import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.autoconfigure.MiddlewareProperties;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.web.PathExclusions;
import io.middlewaretrace.web.RequestMetrics;

/**
 * Auto-configuration of the JSON access log: one line per request on the
 * {@value AccessLogger#LOGGER_NAME} logger, written by the starter's own batching JSON
 * appender unless {@code middleware.access-log.output=logger}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MiddlewareWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(LogstashMarker.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.access-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MiddlewareProperties.class)
public class AccessLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessLogPolicy middlewareAccessLogPolicy(MiddlewareProperties properties) {
		MiddlewareProperties.AccessLog accessLog = properties.getAccessLog();
		return new AccessLogPolicy(accessLog.getSampling().getDefaultRate(), accessLog.getSampling().getRoutes(),
				accessLog.getSlowThreshold(), accessLog.isExcludeStaticResources());
	}

	@Bean
	@ConditionalOnMissingBean
	AccessLogger middlewareAccessLogger(AccessLogPolicy policy, ObjectProvider<RequestMetrics> metrics,
			MiddlewareProperties properties) {
		return new AccessLogger(policy, metrics.getIfAvailable(() -> RequestMetrics.NONE),
				exclusions(properties.getAccessLog()));
	}

	private static PathExclusions exclusions(MiddlewareProperties.AccessLog accessLog) {
		try {
			return PathExclusions.of(accessLog.getExcludePaths());
		}
		catch (IllegalArgumentException ex) {
			// the message names the pattern and what is wrong with it
			throw new InvalidConfigurationPropertyValueException("middleware.access-log.exclude-paths",
					accessLog.getExcludePaths(), ex.getMessage());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LoggerContext.class)
	@Conditional(OutputIsNotLogger.class)
	static class JsonAppenderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AccessLogAppender middlewareAccessLogAppender(MiddlewareProperties properties) {
			MiddlewareProperties.AccessLog accessLog = properties.getAccessLog();
			boolean toFile = accessLog.getOutput() == MiddlewareProperties.AccessLog.Output.FILE;
			return new AccessLogAppender(toFile ? accessLog.getFile() : null, accessLog.getFlushInterval(),
					accessLog.getMaxPending());
		}

	}

	static class OutputIsNotLogger extends NoneNestedConditions {

		OutputIsNotLogger() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "middleware.access-log.output", havingValue = "logger")
		static class OutputIsLogger {

		}

	}

}
