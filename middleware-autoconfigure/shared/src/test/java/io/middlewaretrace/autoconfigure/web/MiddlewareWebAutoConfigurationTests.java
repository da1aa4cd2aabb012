package io.middlewaretrace.autoconfigure.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.middlewaretrace.EnableMiddlewareTrace;
import io.middlewaretrace.autoconfigure.accesslog.AccessLogAutoConfiguration;
import io.middlewaretrace.autoconfigure.snapshot.SnapshotAutoConfiguration;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.testapp.BootAutoConfigurations;
import io.middlewaretrace.web.MicrometerRequestMetrics;
import io.middlewaretrace.web.MicrometerTraceSource;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.ProblemDetailTraceIdAdvice;
import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.RoutePatternInterceptor;
import io.middlewaretrace.web.TraceFilterSettings;
import io.middlewaretrace.web.TraceSource;

import static org.assertj.core.api.Assertions.assertThat;

class MiddlewareWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class));

	@Test
	void leavesTheCompletionSafetyNetOutWhenBootsGlobalErrorPageRendersEveryError() {
		this.runner.withConfiguration(BootAutoConfigurations.ERROR_MVC)
			.withConfiguration(BootAutoConfigurations.WEB_MVC)
			.withConfiguration(BootAutoConfigurations.DISPATCHER_SERVLET)
			.run((context) -> assertThat(context).hasSingleBean(MiddlewareTraceFilter.class)
				.hasBean("errorPageCustomizer")
				.doesNotHaveBean(ServletListenerRegistrationBean.class));
	}

	@Test
	void registersTheFilterRightAfterBootsObservationFilterForEveryDispatch() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MiddlewareTraceFilter.class)
				.hasSingleBean(RoutePatternInterceptor.class)
				.hasSingleBean(ServletListenerRegistrationBean.class);
			FilterRegistrationBean<?> registration = context
				.getBean(MiddlewareWebAutoConfiguration.FILTER_REGISTRATION_BEAN_NAME, FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isSameAs(context.getBean(MiddlewareTraceFilter.class));
			assertThat(registration.getOrder()).isEqualTo(MiddlewareTraceFilter.ORDER)
				.isGreaterThan(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1);
			assertThat(registration.isAsyncSupported()).isTrue();
			assertThat(ReflectionTestUtils.getField(registration, "dispatcherTypes")).asString()
				.contains(DispatcherType.REQUEST.name(), DispatcherType.ASYNC.name(), DispatcherType.ERROR.name());
		});
	}

	@Test
	void contributesNothingWhenMiddlewareIsDisabled() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareTraceFilter.class)
				.doesNotHaveBean(RoutePatternInterceptor.class)
				.doesNotHaveBean(MiddlewareWebAutoConfiguration.FILTER_REGISTRATION_BEAN_NAME));
	}

	@Test
	void contributesNothingToANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareTraceFilter.class));
	}

	@Test
	void contributesNothingWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareTraceFilter.class));
	}

	@Test
	void backsOffWhenUserDefinesFilter() {
		this.runner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MiddlewareTraceFilter.class);
			assertThat(context.getBean(MiddlewareTraceFilter.class))
				.isSameAs(context.getBean(UserFilterConfiguration.class).filter);
		});
	}

	@Test
	void readsTraceIdsFromTheTracerWhenOneExists() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context.getBean(TraceSource.class)).isInstanceOf(MicrometerTraceSource.class));
	}

	@Test
	void worksWithoutTracerOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(Tracer.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MiddlewareTraceFilter.class);
			assertThat(context).doesNotHaveBean(TraceSource.class);
		});
	}

	@Test
	void countsWithMicrometerWhenARegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context.getBean(RequestMetrics.class)).isInstanceOf(MicrometerRequestMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find("middleware.inbound.traceparent.invalid").counters())
				.hasSize(2);
		});
	}

	@Test
	void worksWithoutMicrometerOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RequestMetrics.class));
	}

	@Test
	void deepTracingIsOffByDefault() {
		this.runner.run((context) -> assertThat(settings(context.getBean(MiddlewareTraceFilter.class)).timelineCapacity())
			.isZero());
	}

	@Test
	void deepTracingIsOnWithTheAnnotation() {
		this.runner.withUserConfiguration(AnnotatedApplication.class)
			.run((context) -> assertThat(settings(context.getBean(MiddlewareTraceFilter.class)).timelineCapacity())
				.isEqualTo(256));
	}

	@Test
	void thePropertyTurnsDeepTracingOffDespiteTheAnnotation() {
		this.runner.withUserConfiguration(AnnotatedApplication.class)
			.withPropertyValues("middleware.stage-trace.enabled=false")
			.run((context) -> assertThat(settings(context.getBean(MiddlewareTraceFilter.class)).timelineCapacity())
				.isZero());
	}

	@Test
	void deepTracingIsOnWithTheProperty() {
		this.runner.withPropertyValues("middleware.stage-trace.enabled=true", "middleware.stage-trace.max-events=32")
			.run((context) -> assertThat(settings(context.getBean(MiddlewareTraceFilter.class)).timelineCapacity())
				.isEqualTo(32));
	}

	@Test
	void rejectsATimelineWithoutRoom() {
		this.runner.withPropertyValues("middleware.stage-trace.enabled=true", "middleware.stage-trace.max-events=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.stage-trace.max-events")
				.hasFieldOrPropertyWithValue("value", 0));
	}

	@Test
	void rejectsBodyLimitsAboveSixteenMegabytes() {
		// the snapshot's limit reaches the filter as the snapshot auto-configuration's BodyCaptureLimit
		WebApplicationContextRunner runner = this.runner
			.withConfiguration(AutoConfigurations.of(SnapshotAutoConfiguration.class));
		for (String name : List.of("middleware.snapshot.max-body-size", "middleware.anomalies.body-replay-limit")) {
			runner.withPropertyValues(name + "=17MB")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasFieldOrPropertyWithValue("name", name)
					.hasFieldOrPropertyWithValue("value", DataSize.ofMegabytes(17))
					.hasFieldOrPropertyWithValue("reason", "Must be between 0B and 16MB."));
			runner.withPropertyValues(name + "=16MB").run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void responseHeadersAndProblemDetailsFollowProperties() {
		this.runner
			.withPropertyValues("middleware.trace.response-headers=traceresponse", "middleware.errors.problem-details=true")
			.run((context) -> {
				TraceFilterSettings settings = settings(context.getBean(MiddlewareTraceFilter.class));
				assertThat(settings.traceResponseHeader()).isTrue();
				assertThat(settings.traceIdHeader()).isFalse();
				assertThat(settings.problemDetails()).isTrue();
			});
	}

	@Test
	void leavesTheErrorFormatToSpringBootByDefault() {
		this.runner.run((context) -> assertThat(settings(context.getBean(MiddlewareTraceFilter.class)).problemDetails())
			.isFalse());
	}

	@Test
	void backsOffWhenUserDefinesTheProblemDetailAdvice() {
		this.runner.withBean("userAdvice", ProblemDetailTraceIdAdvice.class, ProblemDetailTraceIdAdvice::new)
			.run((context) -> assertThat(context).hasSingleBean(ProblemDetailTraceIdAdvice.class).hasBean("userAdvice"));
	}

	@Test
	void everyBeanOfTheAutoConfigurationsCanBeOverridden() {
		List<String> notOverridable = new ArrayList<>();
		for (Class<?> type : List.of(MiddlewareWebAutoConfiguration.class, TracingConfiguration.class,
				MetricsConfiguration.class, ErrorsConfiguration.class, AccessLogAutoConfiguration.class)) {
			collectNotOverridable(type, notOverridable);
			for (Class<?> nested : type.getDeclaredClasses()) {
				collectNotOverridable(nested, notOverridable);
			}
		}
		// a WebMvcConfigurer only adds the interceptor bean, which can itself be replaced
		assertThat(notOverridable).containsExactly("middlewareTraceWebMvcConfigurer");
	}

	private static void collectNotOverridable(Class<?> type, List<String> notOverridable) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.isAnnotationPresent(Bean.class) && !method.isAnnotationPresent(
					org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean.class)) {
				notOverridable.add(method.getName());
			}
		}
	}

	private static TraceFilterSettings settings(MiddlewareTraceFilter filter) {
		return (TraceFilterSettings) ReflectionTestUtils.getField(filter, "settings");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		final MiddlewareTraceFilter filter = new MiddlewareTraceFilter(TraceSource.NONE, RequestMetrics.NONE, List.of(),
				new TraceFilterSettings(false, false, false, 0));

		@Bean
		MiddlewareTraceFilter userFilter() {
			return this.filter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMiddlewareTrace
	static class AnnotatedApplication {

	}

}
