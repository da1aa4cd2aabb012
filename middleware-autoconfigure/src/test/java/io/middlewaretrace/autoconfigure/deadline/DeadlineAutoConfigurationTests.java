package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.DeadlineFilter;
import io.middlewaretrace.deadline.DeadlineMetrics;
import io.middlewaretrace.deadline.DeadlinePolicy;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.tomcat.CloseConnectionValve;
import io.middlewaretrace.endpoint.DeadlinesEndpoint;
import io.middlewaretrace.web.MiddlewareTraceFilter;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class));

	@Test
	void isOnByDefaultRightAfterTheStartersFirstFilter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeadlineFilter.class)
				.hasSingleBean(DeadlineWatchdog.class)
				.hasSingleBean(DeadlineRecorder.class)
				.doesNotHaveBean(DeadlinesEndpoint.class);
			FilterRegistrationBean<?> registration = context
				.getBean(DeadlineAutoConfiguration.FILTER_REGISTRATION_BEAN_NAME, FilterRegistrationBean.class);
			assertThat(registration.getOrder()).isEqualTo(MiddlewareTraceFilter.ORDER + 1);
			assertThat(registration.getFilterName()).isEqualTo("middlewareDeadlineFilter");
		});
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineFilter.class)
				.doesNotHaveBean(DeadlineWatchdog.class));
	}

	@Test
	void isOffWithTheStarter() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineFilter.class));
	}

	@Test
	void isOffInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DeadlineAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineFilter.class));
	}

	@Test
	void isOffWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineFilter.class));
	}

	@Test
	void exposesTheEndpointWhenAsked() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=deadlines")
			.run((context) -> assertThat(context).hasSingleBean(DeadlinesEndpoint.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void addsTheCloseConnectionValveToTomcat() {
		this.runner.run((context) -> {
			WebServerFactoryCustomizer<TomcatServletWebServerFactory> customizer = context.getBean(
					DeadlineAutoConfiguration.DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME,
					WebServerFactoryCustomizer.class);
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			customizer.customize(factory);
			assertThat(factory.getContextValves()).hasExactlyElementsOfTypes(CloseConnectionValve.class);
		});
	}

	@Test
	void backsOffForAUserCloseConnectionCustomizer() {
		this.runner.withUserConfiguration(UserCloseConnectionCustomizer.class)
			.run((context) -> assertThat(context.getBean(
					DeadlineAutoConfiguration.DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME))
				.isSameAs(UserCloseConnectionCustomizer.CUSTOMIZER));
	}

	@Test
	void addsNoValveWithoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasSingleBean(DeadlineFilter.class)
				.doesNotHaveBean(DeadlineAutoConfiguration.DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME));
	}

	@Test
	void backsOffForAUserPolicy() {
		this.runner.withUserConfiguration(UserPolicy.class)
			.run((context) -> assertThat(context).hasSingleBean(DeadlinePolicy.class).hasBean("userPolicy"));
	}

	@Test
	void rejectsADefaultTimeoutOfZeroInsteadOfRunningWithoutADeadline() {
		this.runner.withPropertyValues("middleware.deadline.default-timeout=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("middleware.deadline.default-timeout must be a positive duration")
				.hasMessageContaining("middleware.deadline.enabled=false"));
	}

	@Test
	void rejectsANegativeRouteBudget() {
		this.runner.withPropertyValues("middleware.deadline.routes.[/api/reports/**]=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("middleware.deadline.routes[/api/reports/**]"));
	}

	@Test
	void rejectsAnInvalidRoutePattern() {
		this.runner.withPropertyValues("middleware.deadline.routes.[/api/**/x]=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("middleware.deadline.routes: ")
				.hasStackTraceContaining("pattern elements should be placed at the start or end"));
	}

	@Test
	void rejectsASlowFractionOutsideItsRange() {
		this.runner.withPropertyValues("middleware.deadline.slow-budget-fraction=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("middleware.deadline.slow-budget-fraction"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCloseConnectionCustomizer {

		static final WebServerFactoryCustomizer<TomcatServletWebServerFactory> CUSTOMIZER = (factory) -> {
		};

		@Bean(DeadlineAutoConfiguration.DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> userCloseConnectionCustomizer() {
			return CUSTOMIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPolicy {

		@Bean
		DeadlinePolicy userPolicy() {
			return new DeadlinePolicy(Duration.ofSeconds(1), Map.of(), List.of(), DeadlineMetrics.NONE);
		}

	}

}
