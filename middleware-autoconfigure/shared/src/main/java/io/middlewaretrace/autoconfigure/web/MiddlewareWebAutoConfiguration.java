package io.middlewaretrace.autoconfigure.web;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.MiddlewareTraceMarkerConfiguration;
import io.middlewaretrace.autoconfigure.BodyCaptureLimit;
import io.middlewaretrace.autoconfigure.MiddlewareProperties;
import io.middlewaretrace.autoconfigure.MiddlewareProperties.ResponseHeader;
import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.autoconfigure.anomaly.AnomalyProperties;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.RequestCompletionSafetyNet;
import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.RequestParticipant;
import io.middlewaretrace.web.RoutePatternInterceptor;
import io.middlewaretrace.web.TraceFilterSettings;
import io.middlewaretrace.web.TraceSource;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

/**
 * Auto-configuration of the {@link MiddlewareTraceFilter}, which opens and completes the
 * request context of every request, of the {@link RoutePatternInterceptor}, which records its
 * route pattern, and of the trace id in error bodies.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		SpringBootLine.ERROR_MVC_AUTO_CONFIGURATION,
		SpringBootLine.MICROMETER_TRACING_AUTO_CONFIGURATION,
		SpringBootLine.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ MiddlewareProperties.class, AnomalyProperties.class })
@Import({ TracingConfiguration.class, TraceContextPropagationConfiguration.class, MetricsConfiguration.class,
		TaskContextConfiguration.class, ErrorsConfiguration.class })
public class MiddlewareWebAutoConfiguration {

	/**
	 * Name of the filter's registration bean.
	 */
	public static final String FILTER_REGISTRATION_BEAN_NAME = "middlewareTraceFilterRegistration";

	private static final DataSize MAX_BODY_LIMIT = DataSize.ofMegabytes(16);

	@Bean
	@ConditionalOnMissingBean
	MiddlewareTraceFilter middlewareTraceFilter(ObjectProvider<TraceSource> traceSource,
			ObjectProvider<RequestMetrics> metrics, ObjectProvider<RequestParticipant> participants,
			ObjectProvider<MiddlewareTraceMarkerConfiguration.Marker> deepTracingMarker,
			ObjectProvider<BodyCaptureLimit> bodyCaptureLimits, MiddlewareProperties properties,
			AnomalyProperties anomalyProperties) {
		boolean deepTracing = properties.getStageTrace().isOn(deepTracingMarker.getIfAvailable() != null);
		int timelineCapacity = deepTracing
				? requirePositive("middleware.stage-trace.max-events", properties.getStageTrace().getMaxEvents()) : 0;
		int bodyCaptureLimit = -1;
		for (BodyCaptureLimit limit : bodyCaptureLimits) {
			bodyCaptureLimit = Math.max(bodyCaptureLimit, bytes(limit.property(), limit.size()));
		}
		TraceFilterSettings settings = new TraceFilterSettings(
				properties.getTrace().getResponseHeaders().contains(ResponseHeader.TRACERESPONSE),
				properties.getTrace().getResponseHeaders().contains(ResponseHeader.X_TRACE_ID),
				properties.getErrors().isProblemDetails(), timelineCapacity, bodyCaptureLimit,
				bytes("middleware.anomalies.body-replay-limit", anomalyProperties.getBodyReplayLimit()));
		return new MiddlewareTraceFilter(traceSource.getIfAvailable(() -> TraceSource.NONE),
				metrics.getIfAvailable(() -> RequestMetrics.NONE), participants.orderedStream().toList(), settings);
	}

	/**
	 * A body limit as an int: at least 0, at most 16 MB (a limit is held per request in memory).
	 */
	private static int bytes(String name, DataSize size) {
		long bytes = (size != null) ? size.toBytes() : 0;
		require(bytes >= 0 && bytes <= MAX_BODY_LIMIT.toBytes(), name, size,
				"Must be between 0B and " + MAX_BODY_LIMIT.toMegabytes() + "MB.");
		return (int) bytes;
	}

	@Bean(FILTER_REGISTRATION_BEAN_NAME)
	@ConditionalOnMissingBean(name = FILTER_REGISTRATION_BEAN_NAME)
	FilterRegistrationBean<MiddlewareTraceFilter> middlewareTraceFilterRegistration(MiddlewareTraceFilter filter) {
		FilterRegistrationBean<MiddlewareTraceFilter> registration = new FilterRegistrationBean<>(filter);
		// the container's filter name matches the stage name the filter records for itself
		registration.setName("middlewareTraceFilter");
		registration.setOrder(MiddlewareTraceFilter.ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	RoutePatternInterceptor middlewareRoutePatternInterceptor() {
		return new RoutePatternInterceptor();
	}

	@Bean
	MiddlewareTraceWebMvcConfigurer middlewareTraceWebMvcConfigurer(RoutePatternInterceptor interceptor) {
		return new MiddlewareTraceWebMvcConfigurer(interceptor);
	}

	/**
	 * The safety net for a request that sent an error no error page renders: only without Spring
	 * Boot's global error page, because with any application listener registered Tomcat builds
	 * an event for every request attribute set or removed (a Spring MVC request sets about
	 * twenty), and two more per request.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = "errorPageCustomizer")
	static class CompletionSafetyNetConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletListenerRegistrationBean<RequestCompletionSafetyNet> middlewareTraceCompletionSafetyNet(
				MiddlewareTraceFilter filter) {
			return new ServletListenerRegistrationBean<>(new RequestCompletionSafetyNet(filter));
		}

	}

}
