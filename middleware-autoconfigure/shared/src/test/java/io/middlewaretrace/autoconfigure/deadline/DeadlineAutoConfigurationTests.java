package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.testapp.BootAutoConfigurations;
import io.middlewaretrace.testapp.BootLineSupport;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
	void addsTheCloseConnectionValveToTomcat() {
		this.runner.run((context) -> {
			WebServerFactoryCustomizer<?> customizer = context.getBean(
					DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME, WebServerFactoryCustomizer.class);
			assertThat(BootLineSupport.tomcatContextValves(customizer))
				.hasExactlyElementsOfTypes(CloseConnectionValve.class);
		});
	}

	@Test
	void backsOffForAUserCloseConnectionCustomizer() {
		this.runner.withUserConfiguration(UserCloseConnectionCustomizer.class)
			.run((context) -> assertThat(context.getBean(
					DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME))
				.isSameAs(UserCloseConnectionCustomizer.CUSTOMIZER));
	}

	@Test
	void addsNoValveWithoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasSingleBean(DeadlineFilter.class)
				.doesNotHaveBean(DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME));
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
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.default-timeout")
				.hasFieldOrPropertyWithValue("value", Duration.ZERO)
				.extracting("reason")
				.asString()
				.startsWith("Must be positive")
				.contains("set middleware.deadline.enabled=false"));
	}

	@Test
	void rejectsANegativeRouteBudget() {
		this.runner.withPropertyValues("middleware.deadline.routes[/api/reports/**]=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.routes[/api/reports/**]")
				.hasFieldOrPropertyWithValue("value", Duration.ofSeconds(-1)));
	}

	@Test
	void rejectsAnInvalidRoutePattern() {
		this.runner.withPropertyValues("middleware.deadline.routes[/api/**/x]=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.routes[/api/**/x]")
				.hasFieldOrPropertyWithValue("value", Duration.ofSeconds(1))
				.extracting("reason")
				.asString()
				.startsWith("Invalid path pattern '/api/**/x': ")
				.contains("pattern elements should be placed at the start or end"));
	}

	@Test
	void rejectsABlankInboundHeader() {
		this.runner.withPropertyValues("middleware.deadline.inbound-headers=X-Request-Timeout-Ms, ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.inbound-headers")
				.hasFieldOrPropertyWithValue("value", List.of("X-Request-Timeout-Ms", "")));
	}

	@Test
	void rejectsAWatchdogResolutionOutsideOneMillisecondToOneSecond() {
		for (String resolution : List.of("0ms", "2s")) {
			this.runner.withPropertyValues("middleware.deadline.watchdog-resolution=" + resolution)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasFieldOrPropertyWithValue("name", "middleware.deadline.watchdog-resolution")
					.hasFieldOrPropertyWithValue("reason", "Must be between 1ms and 1s."));
		}
	}

	@Test
	void rejectsANegativeRecentCount() {
		this.runner.withPropertyValues("middleware.deadline.recent=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.recent")
				.hasFieldOrPropertyWithValue("value", -1));
	}

	@Test
	void rejectsASlowFractionOutsideItsRange() {
		for (String fraction : List.of("0", "1.5")) {
			this.runner.withPropertyValues("middleware.deadline.slow-budget-fraction=" + fraction)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasFieldOrPropertyWithValue("name", "middleware.deadline.slow-budget-fraction")
					.hasFieldOrPropertyWithValue("value", Double.valueOf(fraction)));
		}
	}

	@Test
	void thePolicyRejectsBadArgumentsByTheirValueWithoutNamingAProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadlinePolicy(Duration.ZERO, Map.of(), List.of(), DeadlineMetrics.NONE))
			.withMessage("Default budget must be a positive duration, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadlinePolicy(Duration.ofSeconds(1), Map.of("/api/**", Duration.ofSeconds(-1)),
					List.of(), DeadlineMetrics.NONE))
			.withMessage("Budget of route '/api/**' must be a positive duration, but was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadlinePolicy(Duration.ofSeconds(1), Map.of("/api/**/x", Duration.ofSeconds(1)),
					List.of(), DeadlineMetrics.NONE))
			.withMessageStartingWith("Invalid path pattern '/api/**/x': ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadlinePolicy(Duration.ofSeconds(1), Map.of(), List.of("X-Request-Timeout-Ms", " "),
					DeadlineMetrics.NONE))
			.withMessage("Timeout header names must not be blank, but were [X-Request-Timeout-Ms,  ]");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aBadValueFailsStartupWithBootsReportNamingThePropertyWhereItWasSetAndTheReason(CapturedOutput output) {
		// failure analyzers run where a SpringApplication fails to start, not in a context runner;
		// the value comes from a file so that the report shows where it was set
		SpringApplication application = new SpringApplication(InvalidRouteBudgetApplication.class);
		// the embedded web server, as the Spring Boot line names its auto-configuration
		application.addPrimarySources(List.of(Configurations.getClasses(BootAutoConfigurations.SERVLET_WEB_SERVER)));
		assertThatThrownBy(() -> application.run("--spring.main.banner-mode=off",
				"--spring.config.location=classpath:/config-errors/invalid-route-budget.properties"))
			.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '-1s' for configuration property 'middleware.deadline.routes[/api/reports/**]' "
					+ "(originating from 'class path resource [config-errors/invalid-route-budget.properties]")
			.contains("Validation failed for the following reason:")
			.contains("Must be positive: a request without a deadline is not an option.")
			.contains("Review the value of the property with the provided reason.");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCloseConnectionCustomizer {

		static final WebServerFactoryCustomizer<?> CUSTOMIZER = BootLineSupport.tomcatConnectors((connector) -> {
		});

		@Bean(DeadlineTomcatConfiguration.CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
		WebServerFactoryCustomizer<?> userCloseConnectionCustomizer() {
			return CUSTOMIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class })
	static class InvalidRouteBudgetApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPolicy {

		@Bean
		DeadlinePolicy userPolicy() {
			return new DeadlinePolicy(Duration.ofSeconds(1), Map.of(), List.of(), DeadlineMetrics.NONE);
		}

	}

}
