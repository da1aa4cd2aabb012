package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;

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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.DeadlineAsyncTimeouts;
import io.middlewaretrace.deadline.DeadlineFilter;
import io.middlewaretrace.deadline.DeadlineMetrics;
import io.middlewaretrace.deadline.DeadlinePolicy;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.deadline.DeadlineResponseBodyAdvice;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.MicrometerDeadlineMetrics;
import io.middlewaretrace.endpoint.DeadlinesEndpoint;
import io.middlewaretrace.web.PathExclusions;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNoBlank;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Auto-configuration of per-request deadlines: the {@link DeadlineFilter} that gives each
 * request its budget and answers 504 when it runs out, the shared {@link DeadlineWatchdog}, the
 * {@link DeadlineRecorder} behind the {@code deadlines} actuator endpoint, and the integrations
 * that carry the budget into the connection pool, JDBC statements, RestClient calls and
 * executors.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MiddlewareWebAutoConfiguration.class, afterName = {
		SpringBootLine.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.deadline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeadlineProperties.class)
@Import({ DeadlineJdbcConfiguration.class, DeadlineRestClientConfiguration.class, DeadlineTomcatConfiguration.class,
		DeadlineResilience4jConfiguration.class })
public class DeadlineAutoConfiguration {

	/**
	 * Name of the filter's registration bean.
	 */
	public static final String FILTER_REGISTRATION_BEAN_NAME = "middlewareDeadlineFilterRegistration";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DeadlineWatchdog middlewareDeadlineWatchdog(DeadlineProperties properties) {
		Duration resolution = properties.getWatchdogResolution();
		require(resolution != null && resolution.compareTo(Duration.ofMillis(1)) >= 0
				&& resolution.compareTo(Duration.ofSeconds(1)) <= 0, "middleware.deadline.watchdog-resolution",
				resolution, "Must be between 1ms and 1s.");
		return new DeadlineWatchdog(resolution);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlinePolicy middlewareDeadlinePolicy(DeadlineProperties properties, ObjectProvider<DeadlineMetrics> metrics) {
		// the policy checks its arguments too, but cannot say which property they came from
		requireBudget("middleware.deadline.default-timeout", properties.getDefaultTimeout());
		for (Map.Entry<String, Duration> route : properties.getRoutes().entrySet()) {
			String name = "middleware.deadline.routes[" + route.getKey() + "]";
			try {
				// parsed as the policy parses it, one at a time to name the route at fault
				PathExclusions.of(List.of(route.getKey()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(name, route.getValue(), ex.getMessage());
			}
			requireBudget(name, route.getValue());
		}
		requireNoBlank("middleware.deadline.inbound-headers", properties.getInboundHeaders());
		return new DeadlinePolicy(properties.getDefaultTimeout(), properties.getRoutes(),
				properties.getInboundHeaders(), metrics.getIfAvailable(() -> DeadlineMetrics.NONE));
	}

	private static void requireBudget(String name, Duration budget) {
		require(budget != null && budget.compareTo(Duration.ZERO) > 0, name, budget,
				"Must be positive: a request without a deadline is not an option. "
						+ "To run without deadlines, set middleware.deadline.enabled=false.");
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineFilter middlewareDeadlineFilter(DeadlinePolicy policy, DeadlineWatchdog watchdog,
			DeadlineProperties properties, ObjectProvider<AnomalyRegistry> anomalies) {
		return new DeadlineFilter(policy, watchdog, properties.isInterrupt(), anomalies.getIfAvailable());
	}

	@Bean(FILTER_REGISTRATION_BEAN_NAME)
	@ConditionalOnMissingBean(name = FILTER_REGISTRATION_BEAN_NAME)
	FilterRegistrationBean<DeadlineFilter> middlewareDeadlineFilterRegistration(DeadlineFilter filter) {
		FilterRegistrationBean<DeadlineFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("middlewareDeadlineFilter");
		registration.setOrder(DeadlineFilter.ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineResponseBodyAdvice middlewareDeadlineResponseBodyAdvice() {
		return new DeadlineResponseBodyAdvice();
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineAsyncTimeouts middlewareDeadlineAsyncTimeouts() {
		return new DeadlineAsyncTimeouts();
	}

	@Bean
	DeadlineWebMvcConfigurer middlewareDeadlineWebMvcConfigurer(DeadlineAsyncTimeouts timeouts) {
		return new DeadlineWebMvcConfigurer(timeouts);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineRecorder middlewareDeadlineRecorder(DeadlineProperties properties,
			ObjectProvider<DeadlineMetrics> metrics) {
		int recent = requireNotNegative("middleware.deadline.recent", properties.getRecent());
		double fraction = properties.getSlowBudgetFraction();
		require(fraction > 0 && fraction <= 1, "middleware.deadline.slow-budget-fraction", fraction,
				"Must be above 0.0 and at most 1.0.");
		return new DeadlineRecorder(recent, fraction, metrics.getIfAvailable(() -> DeadlineMetrics.NONE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class DeadlineMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeadlineMetrics middlewareDeadlineMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry available = registry.getIfUnique();
			return (available != null) ? new MicrometerDeadlineMetrics(available) : DeadlineMetrics.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(DeadlinesEndpoint.class)
	static class DeadlinesEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeadlinesEndpoint deadlinesEndpoint(DeadlineRecorder recorder) {
			return new DeadlinesEndpoint(recorder);
		}

	}

}
