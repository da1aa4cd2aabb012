package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;

import jakarta.servlet.DispatcherType;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.startup.Tomcat;

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
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.DeadlineAsyncTimeouts;
import io.middlewaretrace.deadline.DeadlineFilter;
import io.middlewaretrace.deadline.DeadlineMetrics;
import io.middlewaretrace.deadline.DeadlinePolicy;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.deadline.DeadlineResponseBodyAdvice;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.MicrometerDeadlineMetrics;
import io.middlewaretrace.deadline.tomcat.CloseConnectionValve;
import io.middlewaretrace.endpoint.DeadlinesEndpoint;

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
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.deadline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeadlineProperties.class)
@Import({ DeadlineJdbcConfiguration.class, DeadlineRestClientConfiguration.class,
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
		if (resolution == null || resolution.compareTo(Duration.ofMillis(1)) < 0
				|| resolution.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new IllegalStateException(
					"middleware.deadline.watchdog-resolution must be between 1ms and 1s, but was " + resolution);
		}
		return new DeadlineWatchdog(resolution);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlinePolicy middlewareDeadlinePolicy(DeadlineProperties properties, ObjectProvider<DeadlineMetrics> metrics) {
		return new DeadlinePolicy(properties.getDefaultTimeout(), properties.getRoutes(),
				properties.getInboundHeaders(), metrics.getIfAvailable(() -> DeadlineMetrics.NONE));
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
		if (properties.getRecent() < 0) {
			throw new IllegalStateException(
					"middleware.deadline.recent must not be negative, but was " + properties.getRecent());
		}
		double fraction = properties.getSlowBudgetFraction();
		if (!(fraction > 0 && fraction <= 1)) {
			throw new IllegalStateException(
					"middleware.deadline.slow-budget-fraction must be above 0.0 and at most 1.0, but was " + fraction);
		}
		return new DeadlineRecorder(properties.getRecent(), fraction,
				metrics.getIfAvailable(() -> DeadlineMetrics.NONE));
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
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class DeadlineTomcatConfiguration {

		/**
		 * Name of the customizer bean that adds the {@link CloseConnectionValve}.
		 */
		static final String CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineCloseConnectionCustomizer";

		@Bean(CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> middlewareDeadlineCloseConnectionCustomizer() {
			// a context valve: it must run before the host's error page handling
			return (factory) -> factory.addContextValves(new CloseConnectionValve());
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
