package io.middlewaretrace.autoconfigure.accesslog;

import ch.qos.logback.classic.LoggerContext;
import net.logstash.logback.marker.LogstashMarker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;

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
import org.springframework.util.unit.DataSize;

import io.middlewaretrace.accesslog.AccessLogAppender;
import io.middlewaretrace.accesslog.AccessLogBackend;
import io.middlewaretrace.accesslog.AccessLogPolicy;
import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.autoconfigure.MiddlewareProperties;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.web.PathExclusions;
import io.middlewaretrace.web.RequestMetrics;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

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

	private static final Log logger = LogFactory.getLog(AccessLogAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	AccessLogPolicy middlewareAccessLogPolicy(MiddlewareProperties properties) {
		MiddlewareProperties.AccessLog accessLog = properties.getAccessLog();
		requireRate("middleware.access-log.sampling.default-rate", accessLog.getSampling().getDefaultRate());
		accessLog.getSampling()
			.getRoutes()
			.forEach((route, rate) -> requireRate("middleware.access-log.sampling.routes[" + route + "]", rate));
		return new AccessLogPolicy(accessLog.getSampling().getDefaultRate(), accessLog.getSampling().getRoutes(),
				requireNotNegative("middleware.access-log.slow-threshold", accessLog.getSlowThreshold()),
				accessLog.isExcludeStaticResources());
	}

	@Bean
	@ConditionalOnMissingBean
	AccessLogger middlewareAccessLogger(AccessLogPolicy policy, ObjectProvider<RequestMetrics> metrics,
			MiddlewareProperties properties) {
		String downgrade = AccessLogBackend.downgradeWarning(LoggerFactory.getILoggerFactory());
		if (downgrade != null) {
			logger.warn(downgrade);
		}
		return new AccessLogger(policy, metrics.getIfAvailable(() -> RequestMetrics.NONE),
				exclusions(properties.getAccessLog()));
	}

	private static void requireRate(String name, Double rate) {
		require(rate != null && rate >= 0.0 && rate <= 1.0, name, rate, "Must be between 0.0 and 1.0.");
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
			DataSize maxPending = accessLog.getMaxPending();
			require(maxPending != null && maxPending.toBytes() >= AccessLogAppender.MIN_PENDING.toBytes(),
					"middleware.access-log.max-pending", maxPending,
					"Must be at least " + AccessLogAppender.MIN_PENDING.toKilobytes() + "KB.");
			MiddlewareProperties.AccessLog.RollingPolicy rolling = accessLog.getRollingPolicy();
			return new AccessLogAppender(toFile ? accessLog.getFile() : null,
					requirePositive("middleware.access-log.flush-interval", accessLog.getFlushInterval()), maxPending,
					new AccessLogAppender.Rolling(
							requireNotNegative("middleware.access-log.rolling-policy.max-file-size",
									rolling.getMaxFileSize()),
							requireNotNegative("middleware.access-log.rolling-policy.max-history",
									rolling.getMaxHistory()),
							requireNotNegative("middleware.access-log.rolling-policy.total-size-cap",
									rolling.getTotalSizeCap())));
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
