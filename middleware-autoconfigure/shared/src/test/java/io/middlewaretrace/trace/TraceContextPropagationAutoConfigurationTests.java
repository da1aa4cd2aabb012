package io.middlewaretrace.trace;

import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.testapp.BootAutoConfigurations;
import io.middlewaretrace.web.TraceContextPropagator;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextPropagationAutoConfigurationTests {

	private static final String POST_PROCESSOR = "middlewareTraceContextPropagatorsPostProcessor";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class));

	@Test
	void putsTheStarterInFrontOfTheContextPropagatorsOfSpringBootsTracer() {
		this.runner
			.withConfiguration(BootAutoConfigurations.OPEN_TELEMETRY)
			.withConfiguration(BootAutoConfigurations.OPEN_TELEMETRY_TRACING)
			.withConfiguration(BootAutoConfigurations.MICROMETER_TRACING)
			.run((context) -> {
				assertThat(context).hasBean(POST_PROCESSOR);
				ContextPropagators propagators = context.getBean(ContextPropagators.class);
				assertThat(propagators.getTextMapPropagator()).isInstanceOf(TraceContextPropagator.class);
				// the propagator Micrometer Tracing extracts and injects with is built from that bean
				Object micrometerPropagator = ReflectionTestUtils.getField(context.getBean(OtelPropagator.class),
						"propagator");
				assertThat(micrometerPropagator).isInstanceOf(TraceContextPropagator.class);
			});
	}

	@Test
	void putsTheStarterInFrontOfAnApplicationsOwnContextPropagators() {
		this.runner.withUserConfiguration(UserPropagators.class).run((context) -> {
			TraceContextPropagator propagator = (TraceContextPropagator) context.getBean(ContextPropagators.class)
				.getTextMapPropagator();
			assertThat(propagator.getDelegate()).isSameAs(W3CTraceContextPropagator.getInstance());
		});
	}

	@Test
	void wrapsAPropagatorOnlyOnce() {
		this.runner.withUserConfiguration(AlreadyWrappedPropagators.class).run((context) -> {
			TraceContextPropagator propagator = (TraceContextPropagator) context.getBean(ContextPropagators.class)
				.getTextMapPropagator();
			assertThat(propagator.getDelegate()).isSameAs(W3CTraceContextPropagator.getInstance());
		});
	}

	@Test
	void registersNothingWithoutOpenTelemetry() {
		this.runner.withClassLoader(new FilteredClassLoader(ContextPropagators.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(POST_PROCESSOR));
	}

	@Test
	void registersNothingWhenMiddlewareIsDisabled() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.withUserConfiguration(UserPropagators.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(POST_PROCESSOR);
				assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator())
					.isSameAs(W3CTraceContextPropagator.getInstance());
			});
	}

	@Test
	void registersNothingInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class))
			.withUserConfiguration(UserPropagators.class)
			.run((context) -> assertThat(context).doesNotHaveBean(POST_PROCESSOR));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPropagators {

		@Bean
		ContextPropagators userPropagators() {
			return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AlreadyWrappedPropagators {

		@Bean
		ContextPropagators userPropagators() {
			return ContextPropagators
				.create(new TraceContextPropagator(W3CTraceContextPropagator.getInstance(), () -> null));
		}

	}

}
