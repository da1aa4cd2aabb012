package io.middlewaretrace.autoconfigure.stage;

import java.util.Collection;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.DefaultSecurityFilterChain;

import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.EnableMiddlewareTrace;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.stage.ExceptionResolutionStage;
import io.middlewaretrace.stage.HandlerStageInterceptor;
import io.middlewaretrace.stage.StageLogObserver;
import io.middlewaretrace.stage.StageTraceRecorder;
import io.middlewaretrace.stage.StageTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

class StageTraceAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, StageTraceAutoConfiguration.class));

	@Test
	void keepsNotableRequestsWithoutDeepTracing() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(StageTraceRepository.class)
			.hasSingleBean(StageTraceRecorder.class)
			.doesNotHaveBean(HandlerStageInterceptor.class)
			.doesNotHaveBean(ExceptionResolutionStage.class)
			.doesNotHaveBean(StageLogObserver.class));
	}

	@Test
	void installsTheStageWrappersWithTheAnnotation() {
		this.runner.withUserConfiguration(Annotated.class)
			.run((context) -> assertThat(context).hasSingleBean(HandlerStageInterceptor.class)
				.hasSingleBean(ExceptionResolutionStage.class));
	}

	@Test
	void thePropertyTurnsTheWrappersOffDespiteTheAnnotation() {
		this.runner.withUserConfiguration(Annotated.class)
			.withPropertyValues("middleware.stage-trace.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HandlerStageInterceptor.class));
	}

	@Test
	void wrapsTomcatFiltersByDefaultAndNotWhenSwitchedOff() {
		this.runner.run((context) -> assertThat(tomcatCustomizers(context)).isNotEmpty());
		this.runner.withPropertyValues("middleware.stage-trace.wrap-container-filters=false")
			.run((context) -> assertThat(tomcatCustomizers(context)).isEmpty());
		this.runner.withUserConfiguration(Annotated.class)
			.withPropertyValues("middleware.stage-trace.wrap-container-filters=false")
			.run((context) -> assertThat(tomcatCustomizers(context)).isNotEmpty());
	}

	private static Collection<?> tomcatCustomizers(ApplicationContext context) {
		return BootLineSupport.tomcatContextCustomizers(context);
	}

	@Test
	void logsStagesOnlyWhenAsked() {
		this.runner.withPropertyValues("middleware.stage-trace.log-stages=true")
			.run((context) -> assertThat(context).hasSingleBean(StageLogObserver.class));
	}

	@Test
	void backsOffForAUserRepository() {
		this.runner.withUserConfiguration(UserRepository.class)
			.run((context) -> assertThat(context.getBean(StageTraceRepository.class))
				.isSameAs(context.getBean(UserRepository.class).repository));
	}

	@Test
	void rejectsANegativeRingSize() {
		for (String name : new String[] { "middleware.stage-trace.recent", "middleware.stage-trace.retained" }) {
			this.runner.withPropertyValues(name + "=-1")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasFieldOrPropertyWithValue("name", name)
					.hasFieldOrPropertyWithValue("value", -1));
		}
	}

	@Test
	void worksWithoutSpringSecurity() {
		this.runner.withUserConfiguration(Annotated.class)
			.withClassLoader(new FilteredClassLoader(DefaultSecurityFilterChain.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HandlerStageInterceptor.class));
	}

	@Test
	void isOffWithTheStarter() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StageTraceRepository.class));
	}

	@Test
	void isOffInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StageTraceAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StageTraceRepository.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMiddlewareTrace
	static class Annotated {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRepository {

		final StageTraceRepository repository = new StageTraceRepository(1, 1);

		@Bean
		StageTraceRepository userStageTraceRepository() {
			return this.repository;
		}

	}

}
