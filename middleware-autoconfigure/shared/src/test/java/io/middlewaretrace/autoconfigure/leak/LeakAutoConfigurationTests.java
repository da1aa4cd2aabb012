package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.endpoint.LeaksEndpoint;
import io.middlewaretrace.endpoint.LeaksHealthIndicator;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.leak.LeakSweeper;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

class LeakAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, LeakAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.ENDPOINT)
		.withConfiguration(BootAutoConfigurations.WEB_ENDPOINT)
		.withConfiguration(BootAutoConfigurations.HEALTH_CONTRIBUTOR);

	@Test
	void isOnByDefaultWithHealthButTheEndpointOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LeakSweeper.class)
			.hasSingleBean(LeaksHealthIndicator.class)
			.hasBean("leaksHealthIndicator")
			.doesNotHaveBean(LeaksEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=leaks")
			.run((context) -> assertThat(context).hasSingleBean(LeaksEndpoint.class));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("middleware.leaks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSweeper.class)
				.doesNotHaveBean(LeaksHealthIndicator.class));
	}

	@Test
	void isOffWithTheStarter() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSweeper.class));
	}

	@Test
	void healthCanBeTurnedOffTheBootWay() {
		this.runner.withPropertyValues("management.health.leaks.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(LeakSweeper.class)
				.doesNotHaveBean(LeaksHealthIndicator.class));
	}

	@Test
	void isNotForNonWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeakAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSweeper.class));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSweeper.class));
	}

	@Test
	void backsOffForUserBeans() {
		this.runner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("management.endpoints.web.exposure.include=leaks")
			.run((context) -> {
				assertThat(context.getBean(LeakSweeper.class)).isSameAs(context.getBean("userSweeper"));
				assertThat(context.getBean(LeaksEndpoint.class)).isSameAs(context.getBean("userEndpoint"));
				assertThat(context.getBean(LeakMetrics.class)).isSameAs(context.getBean("userMetrics"));
				assertThat(context.getBean("leaksHealthIndicator")).isSameAs(UserBeans.INDICATOR);
			});
	}

	@Test
	void healthReportsEverySourceAndStaysUpOnALeakByDefault() {
		this.runner.withUserConfiguration(LeakingSource.class).run((context) -> {
			// the health types are in other packages on each Spring Boot line
			var health = context.getBean(LeaksHealthIndicator.class).health();
			assertThat(health.getStatus().getCode()).isEqualTo("UP");
			assertThat(health.getDetails()).containsEntry("leaking", true)
				.containsEntry("saturated", true)
				.containsEntry("test", Map.of("leaked", 1));
		});
	}

	@Test
	void healthGoesDownOnALeakOrSaturationWhenConfigured() {
		this.runner.withUserConfiguration(LeakingSource.class)
			.withPropertyValues("middleware.leaks.health.down-on-leak=true")
			.run((context) -> assertThat(context.getBean(LeaksHealthIndicator.class).health().getStatus().getCode())
				.isEqualTo("DOWN"));
		this.runner.withUserConfiguration(LeakingSource.class)
			.withPropertyValues("middleware.leaks.health.down-on-saturation=true")
			.run((context) -> assertThat(context.getBean(LeaksHealthIndicator.class).health().getStatus().getCode())
				.isEqualTo("DOWN"));
	}

	@Test
	void endpointShowsValuesOnlyWhenAllowedAndHealsOnWrite() {
		this.runner.withUserConfiguration(LeakingSource.class)
			.withPropertyValues("management.endpoints.web.exposure.include=leaks")
			.run((context) -> {
				LeaksEndpoint endpoint = context.getBean(LeaksEndpoint.class);
				assertThat(endpoint.leaks(SecurityContext.NONE).sources()).containsEntry("test",
						Map.of("showValues", false));
				assertThat(endpoint.heal().sources()).containsEntry("test", Map.of("healed", 1));
			});
		this.runner.withUserConfiguration(LeakingSource.class)
			.withPropertyValues("management.endpoints.web.exposure.include=leaks",
					"management.endpoint.leaks.show-values=always")
			.run((context) -> assertThat(context.getBean(LeaksEndpoint.class).leaks(SecurityContext.NONE).sources())
				.containsEntry("test", Map.of("showValues", true)));
	}

	@Test
	void rejectsANegativeRecentCountForEverySource() {
		// without connection leaks no source checks the count: the sweeper does it for all
		this.runner.withPropertyValues("middleware.leaks.recent=-1", "middleware.leaks.connections.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.leaks.recent")
				.hasFieldOrPropertyWithValue("value", -1)
				.hasFieldOrPropertyWithValue("reason", "Must not be negative."));
	}

	@Test
	void rejectsASweepIntervalBelowTenMilliseconds() {
		this.runner.withPropertyValues("middleware.leaks.sweep-interval=9ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.leaks.sweep-interval")
				.hasFieldOrPropertyWithValue("value", Duration.ofMillis(9))
				.hasFieldOrPropertyWithValue("reason", "Must be at least 10ms."));
		this.runner.withPropertyValues("middleware.leaks.sweep-interval=10ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class LeakingSource {

		@Bean
		LeakSource testLeakSource() {
			return new LeakSource() {

				@Override
				public String name() {
					return "test";
				}

				@Override
				public Object describe(boolean showValues) {
					return Map.of("showValues", showValues);
				}

				@Override
				public LeakHealth health() {
					return new LeakHealth(true, true, Map.of("leaked", 1));
				}

				@Override
				public Map<String, Object> heal() {
					Map<String, Object> healed = new LinkedHashMap<>();
					healed.put("healed", 1);
					return healed;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final LeaksHealthIndicator INDICATOR = new LeaksHealthIndicator(List.of(), false, false);

		@Bean(destroyMethod = "close")
		LeakSweeper userSweeper() {
			return new LeakSweeper(java.time.Duration.ofSeconds(1), java.util.List.of());
		}

		@Bean
		LeaksEndpoint userEndpoint() {
			return new LeaksEndpoint(java.util.List.of(), org.springframework.boot.actuate.endpoint.Show.NEVER,
					java.util.Set.of());
		}

		@Bean
		LeakMetrics userMetrics() {
			return new LeakMetrics() {
			};
		}

		@Bean
		LeaksHealthIndicator leaksHealthIndicator() {
			return INDICATOR;
		}

	}

}
