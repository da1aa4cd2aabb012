package io.middlewaretrace.testapp;

import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * Spring Boot's auto-configurations the shared tests start contexts with, by what they configure,
 * as Spring Boot 4 names them. Each line's test tree has its own copy; chain them onto a runner with
 * {@code withConfiguration(...)}, which sorts them together with the starter's.
 */
public final class BootAutoConfigurations {

	/**
	 * Spring MVC's dispatcher servlet.
	 */
	public static final AutoConfigurations DISPATCHER_SERVLET = AutoConfigurations.of(org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class);

	/**
	 * Spring MVC.
	 */
	public static final AutoConfigurations WEB_MVC = AutoConfigurations.of(org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class);

	/**
	 * The MVC error controller and error attributes.
	 */
	public static final AutoConfigurations ERROR_MVC = AutoConfigurations.of(org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration.class);

	/**
	 * The embedded Tomcat.
	 */
	public static final AutoConfigurations SERVLET_WEB_SERVER = AutoConfigurations.of(org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class);

	/**
	 * The DataSource.
	 */
	public static final AutoConfigurations DATA_SOURCE = AutoConfigurations.of(org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class);

	/**
	 * The HTTP client settings and request factory builder.
	 */
	public static final AutoConfigurations HTTP_CLIENT = AutoConfigurations.of(org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration.class, org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration.class);

	/**
	 * RestClient.Builder.
	 */
	public static final AutoConfigurations REST_CLIENT = AutoConfigurations.of(org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration.class);

	/**
	 * Actuator endpoints.
	 */
	public static final AutoConfigurations ENDPOINT = AutoConfigurations.of(org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class);

	/**
	 * Actuator endpoints over HTTP.
	 */
	public static final AutoConfigurations WEB_ENDPOINT = AutoConfigurations.of(org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration.class);

	/**
	 * Health contributors.
	 */
	public static final AutoConfigurations HEALTH_CONTRIBUTOR = AutoConfigurations.of(org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration.class);

	/**
	 * Micrometer metrics.
	 */
	public static final AutoConfigurations METRICS = AutoConfigurations.of(org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class);

	/**
	 * The meter registry.
	 */
	public static final AutoConfigurations COMPOSITE_METER_REGISTRY = AutoConfigurations.of(org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class);

	/**
	 * The simple in-memory meter registry.
	 */
	public static final AutoConfigurations SIMPLE_METRICS_EXPORT = AutoConfigurations.of(org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class);

	/**
	 * The OpenTelemetry SDK.
	 */
	public static final AutoConfigurations OPEN_TELEMETRY = AutoConfigurations.of(org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class);

	/**
	 * Micrometer Tracing's OpenTelemetry bridge.
	 */
	public static final AutoConfigurations OPEN_TELEMETRY_TRACING = AutoConfigurations.of(org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration.class);

	/**
	 * Micrometer Tracing.
	 */
	public static final AutoConfigurations MICROMETER_TRACING = AutoConfigurations.of(org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class);

	/**
	 * Resilience4j's circuit breakers.
	 */
	public static final AutoConfigurations RESILIENCE4J_CIRCUIT_BREAKER = AutoConfigurations.of(io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration.class);

	/**
	 * Resilience4j's retries.
	 */
	public static final AutoConfigurations RESILIENCE4J_RETRY = AutoConfigurations.of(io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration.class);

	/**
	 * Resilience4j's time limiters.
	 */
	public static final AutoConfigurations RESILIENCE4J_TIME_LIMITER = AutoConfigurations.of(io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration.class);

	private BootAutoConfigurations() {
	}

}
