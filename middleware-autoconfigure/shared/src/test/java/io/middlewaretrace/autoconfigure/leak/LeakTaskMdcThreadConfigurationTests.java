package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.leak.mdc.MdcLeakDetector;
import io.middlewaretrace.leak.mdc.MdcLeaks;
import io.middlewaretrace.leak.task.TaskLeaks;
import io.middlewaretrace.leak.thread.ThreadGrowth;
import io.middlewaretrace.web.MiddlewareTraceFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task, thread and MDC parts of leak diagnostics: on by default, each off by its property,
 * backing off for user beans, rejecting bad values by name, and the MDC detector reaching the
 * starter's filter.
 */
class LeakTaskMdcThreadConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, LeakAutoConfiguration.class));

	@Test
	void isOnByDefaultAndEverySourceIsSwept() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TaskLeaks.class)
				.hasSingleBean(ThreadGrowth.class)
				.hasSingleBean(MdcLeaks.class)
				.hasSingleBean(MdcLeakDetector.class);
			assertThat(context.getBeansOfType(LeakSource.class).values()).extracting(LeakSource::name)
				.contains(TaskLeaks.NAME, ThreadGrowth.NAME, MdcLeaks.NAME);
		});
	}

	@Test
	void theMdcDetectorReachesTheStartersFilter() {
		this.runner.run((context) -> assertThat(context.getBean(MiddlewareTraceFilter.class).participants())
			.contains(context.getBean(MdcLeakDetector.class)));
	}

	@Test
	void theFilterHasNoMdcCheckWhenMdcLeaksAreOff() {
		this.runner.withPropertyValues("middleware.leaks.mdc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(MdcLeakDetector.class).doesNotHaveBean(MdcLeaks.class);
			assertThat(context.getBean(MiddlewareTraceFilter.class).participants())
				.noneMatch(MdcLeakDetector.class::isInstance);
		});
	}

	@Test
	void tasksAreOffByProperty() {
		this.runner.withPropertyValues("middleware.leaks.tasks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskLeaks.class).hasSingleBean(ThreadGrowth.class));
	}

	@Test
	void threadsAreOffByProperty() {
		this.runner.withPropertyValues("middleware.leaks.threads.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ThreadGrowth.class).hasSingleBean(TaskLeaks.class));
	}

	@Test
	void allAreOffWithLeakDiagnostics() {
		this.runner.withPropertyValues("middleware.leaks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskLeaks.class)
				.doesNotHaveBean(ThreadGrowth.class)
				.doesNotHaveBean(MdcLeakDetector.class));
	}

	@Test
	void backsOffForUserBeans() {
		this.runner.withUserConfiguration(UserSources.class)
			.run((context) -> assertThat(context).hasSingleBean(TaskLeaks.class)
				.hasBean("userTaskLeaks")
				.hasSingleBean(ThreadGrowth.class)
				.hasBean("userThreadGrowth")
				.hasSingleBean(MdcLeaks.class)
				.hasBean("userMdcLeaks"));
	}

	@Test
	void rejectsAZeroTaskThreshold() {
		assertRejects("middleware.leaks.tasks.threshold", "0s", Duration.ZERO);
	}

	@Test
	void rejectsNoTaskFrames() {
		assertRejects("middleware.leaks.tasks.max-frames", "0", 0);
	}

	@Test
	void rejectsANegativeTaskBound() {
		assertRejects("middleware.leaks.tasks.max-tracked", "-1", -1);
	}

	@Test
	void rejectsAGrowthFactorBelowOne() {
		assertRejects("middleware.leaks.threads.growth-factor", "0.5", 0.5);
	}

	@Test
	void rejectsNoThreadCap() {
		assertRejects("middleware.leaks.threads.max", "0", 0);
	}

	@Test
	void rejectsANegativeSustain() {
		assertRejects("middleware.leaks.threads.sustain", "-1s", Duration.ofSeconds(-1));
	}

	@Test
	void rejectsABlankRedactedKeyPattern() {
		assertRejects("middleware.leaks.mdc.redacted-keys", "password, ", List.of("password", ""));
	}

	private void assertRejects(String name, String value, Object bound) {
		this.runner.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", name)
				.hasFieldOrPropertyWithValue("value", bound));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSources {

		@Bean
		TaskLeaks userTaskLeaks() {
			return new TaskLeaks(Duration.ofSeconds(1), 4, 10, 10, LeakMetrics.NONE);
		}

		@Bean
		ThreadGrowth userThreadGrowth() {
			return new ThreadGrowth(2.0, 100, Duration.ofSeconds(1), 10);
		}

		@Bean
		MdcLeaks userMdcLeaks() {
			return new MdcLeaks(10, LeakMetrics.NONE);
		}

		@Bean
		MdcLeakDetector userMdcLeakDetector(MdcLeaks leaks) {
			return new MdcLeakDetector(leaks, List.of(), List.of(), true);
		}

	}

}
