package io.middlewaretrace.autoconfigure.accesslog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import net.logstash.logback.marker.LogstashMarker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.middlewaretrace.accesslog.AccessLogAppender;
import io.middlewaretrace.accesslog.AccessLogPolicy;
import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.web.MiddlewareTraceFilter;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AccessLogAutoConfiguration.class, MiddlewareWebAutoConfiguration.class));

	@Test
	void writesJsonThroughItsOwnAppenderByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AccessLogger.class)
				.hasSingleBean(AccessLogPolicy.class)
				.hasSingleBean(AccessLogAppender.class);
			assertThat(
					((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger(AccessLogger.LOGGER_NAME)
						.getAppender("MIDDLEWARE_ACCESS_LOG"))
				.isNotNull();
		});
		assertThat(((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger(AccessLogger.LOGGER_NAME)
			.getAppender("MIDDLEWARE_ACCESS_LOG")).as("detached when the context closes").isNull();
	}

	@Test
	void invalidExclusionPatternFailsStartupClearly() {
		this.runner.withPropertyValues("middleware.access-log.exclude-paths=/a/**/b")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.exclude-paths")
				.hasFieldOrPropertyWithValue("value", List.of("/a/**/b"))
				.extracting("reason")
				.asString()
				.startsWith("Invalid path pattern '/a/**/b': "));
	}

	@Test
	void theFilterCompletesRequestsIntoTheAccessLog() {
		this.runner.run((context) -> assertThat(context.getBean(MiddlewareTraceFilter.class).participants())
			.containsExactly(context.getBean(AccessLogger.class)));
	}

	@Test
	void leavesFormattingToTheApplicationWhenOutputIsLogger() {
		this.runner.withPropertyValues("middleware.access-log.output=logger")
			.run((context) -> assertThat(context).hasSingleBean(AccessLogger.class)
				.doesNotHaveBean(AccessLogAppender.class));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("middleware.access-log.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AccessLogger.class).doesNotHaveBean(AccessLogAppender.class);
			assertThat(context).hasSingleBean(MiddlewareTraceFilter.class);
		});
	}

	@Test
	void isOffWhenTheWholeStarterIsOff() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogger.class));
	}

	@Test
	void needsLogstashLogbackEncoder() {
		this.runner.withClassLoader(new FilteredClassLoader(LogstashMarker.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AccessLogger.class));
	}

	@Test
	void isNotConfiguredInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AccessLogAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogger.class));
	}

	@Test
	void backsOffWhenUserDefinesPolicy() {
		AccessLogPolicy policy = new AccessLogPolicy(0.5, Map.of(), Duration.ofSeconds(3), false);
		this.runner.withBean(AccessLogPolicy.class, () -> policy)
			.run((context) -> assertThat(context.getBean(AccessLogPolicy.class)).isSameAs(policy));
	}

	@Test
	void rejectsASamplingRateOutsideZeroToOne() {
		this.runner.withPropertyValues("middleware.access-log.sampling.routes[/api/owners/{id}]=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.sampling.routes[/api/owners/{id}]")
				.hasFieldOrPropertyWithValue("value", 1.5));
		this.runner.withPropertyValues("middleware.access-log.sampling.default-rate=-0.1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.sampling.default-rate"));
	}

	@Test
	void rejectsAZeroFlushIntervalAndANegativeSlowThreshold() {
		this.runner.withPropertyValues("middleware.access-log.flush-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.flush-interval")
				.hasFieldOrPropertyWithValue("value", Duration.ZERO));
		this.runner.withPropertyValues("middleware.access-log.max-pending=1KB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.max-pending")
				.hasFieldOrPropertyWithValue("reason", "Must be at least 64KB."));
		this.runner.withPropertyValues("middleware.access-log.slow-threshold=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.access-log.slow-threshold")
				.hasFieldOrPropertyWithValue("value", Duration.ofSeconds(-1)));
	}

}
