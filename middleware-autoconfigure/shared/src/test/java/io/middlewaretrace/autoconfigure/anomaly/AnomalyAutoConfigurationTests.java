package io.middlewaretrace.autoconfigure.anomaly;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.anomaly.AnomalyMetrics;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.endpoint.AnomaliesEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AnomalyAutoConfiguration.class));

	@Test
	void isOnByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AnomalyRegistry.class)
			.doesNotHaveBean(AnomaliesEndpoint.class));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("middleware.anomalies.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AnomalyRegistry.class));
	}

	@Test
	void isOffWithTheStarter() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AnomalyRegistry.class));
	}

	@Test
	void exposesTheEndpointWhenAsked() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=anomalies")
			.run((context) -> assertThat(context).hasSingleBean(AnomaliesEndpoint.class));
	}

	@Test
	void countsEveryTypeFromZero() {
		this.runner.withUserConfiguration(Meters.class).run((context) -> {
			assertThat(context).hasSingleBean(AnomalyMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (AnomalyType type : AnomalyType.values()) {
				assertThat(registry.counter(AnomalyMetrics.COUNTER, "type", type.name()).count()).isZero();
			}
			context.getBean(AnomalyRegistry.class).report(AnomalyType.BROKEN_CHAIN, null, "f", "d", null);
			assertThat(registry.counter(AnomalyMetrics.COUNTER, "type", "BROKEN_CHAIN").count()).isEqualTo(1);
		});
	}

	@Test
	void backsOffForAUserRegistry() {
		this.runner.withUserConfiguration(UserRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(AnomalyRegistry.class)
				.hasBean("userAnomalyRegistry"));
	}

	@Test
	void rejectsANegativeWarnInterval() {
		assertRejects("middleware.anomalies.warn-interval", "-1s", Duration.ofSeconds(-1));
	}

	@Test
	void rejectsANegativeRecentCount() {
		assertRejects("middleware.anomalies.recent", "-1", -1);
	}

	private void assertRejects(String name, String value, Object bound) {
		this.runner.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", name)
				.hasFieldOrPropertyWithValue("value", bound)
				.hasFieldOrPropertyWithValue("reason", "Must not be negative."));
	}

	@Test
	void isOffInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AnomalyAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AnomalyRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		@Bean
		AnomalyRegistry userAnomalyRegistry() {
			return new AnomalyRegistry(1, java.time.Duration.ofSeconds(1), java.util.List.of());
		}

	}

}
