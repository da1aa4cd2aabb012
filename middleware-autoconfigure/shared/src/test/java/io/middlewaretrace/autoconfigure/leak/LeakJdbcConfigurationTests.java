package io.middlewaretrace.autoconfigure.leak;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.autoconfigure.deadline.DeadlineAutoConfiguration;
import io.middlewaretrace.autoconfigure.jdbc.JdbcInstrumentationAutoConfiguration;
import io.middlewaretrace.autoconfigure.jdbc.ObservedDataSourceBeanPostProcessor;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.leak.LeakSweeper;
import io.middlewaretrace.leak.jdbc.ConnectionLeakMeters;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSettings;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSource;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LeakJdbcConfiguration} and its sharing of the one data source wrapper with
 * JDBC deadlines.
 */
class LeakJdbcConfigurationTests {

	// an application without Micrometer: neither the meter registry nor Boot's metrics
	private final WebApplicationContextRunner withoutMetrics = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class,
				LeakAutoConfiguration.class, JdbcInstrumentationAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
		.withPropertyValues("spring.datasource.generate-unique-name=true", "spring.datasource.hikari.pool-name=cfg");

	private final WebApplicationContextRunner runner = this.withoutMetrics
		.withConfiguration(BootAutoConfigurations.METRICS)
		.withConfiguration(BootAutoConfigurations.COMPOSITE_METER_REGISTRY)
		.withConfiguration(BootAutoConfigurations.SIMPLE_METRICS_EXPORT);

	@Test
	void tracksConnectionsAndBoundsThemByDeadlinesWithOneWrapperByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class)
				.hasSingleBean(ConnectionLeakSource.class);
			assertThat(context.getBeansOfType(LeakSource.class)).containsValue(context.getBean(ConnectionLeakSource.class));
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.getListener(ConnectionLeakSource.class)).isNotNull();
			assertHeldWhileOpen(context.getBean(ConnectionLeakSource.class), dataSource,
					context.getBean(MeterRegistry.class));
		});
	}

	@Test
	void tracksConnectionsWhenDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getListener(ConnectionLeakSource.class)).isNotNull();
			assertHeldWhileOpen(context.getBean(ConnectionLeakSource.class), dataSource,
					context.getBean(MeterRegistry.class));
		});
	}

	@Test
	void tracksConnectionsWhenJdbcDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.jdbc.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			assertThat(leakListener(context)).isNotNull();
		});
	}

	@Test
	void wrapsForDeadlinesOnlyWhenConnectionLeaksAreOff() {
		this.runner.withPropertyValues("middleware.leaks.connections.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectionLeakSource.class)
				.hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			assertThat(leakListener(context)).isNull();
		});
	}

	@Test
	void wrapsForDeadlinesOnlyWhenLeaksAreOff() {
		this.runner.withPropertyValues("middleware.leaks.enabled=false")
			.run((context) -> assertThat(leakListener(context)).isNull());
	}

	@Test
	void doesNotWrapWhenDeadlinesAndConnectionLeaksAreOff() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false", "middleware.leaks.connections.enabled=false")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void backsOffForAUserSource() {
		this.runner.withUserConfiguration(UserSource.class).run((context) -> {
			assertThat(context).hasSingleBean(ConnectionLeakSource.class);
			assertThat(context.getBean(ConnectionLeakSource.class))
				.isSameAs(context.getBean(UserSource.class).source);
			assertThat(leakListener(context)).isNotNull();
		});
	}

	@Test
	void backsOffWithoutJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ConnectionLeakSource.class));
	}

	@Test
	void registersNoMetersWithoutMicrometer() {
		this.withoutMetrics.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ConnectionLeakSource.class)
				.doesNotHaveBean(ConnectionLeakMeters.class));
	}

	@Test
	void rejectsASampleRateAboveOne() {
		assertRejects("middleware.leaks.connections.frame-sample-rate", "1.5", 1.5);
	}

	@Test
	void rejectsNoFrames() {
		assertRejects("middleware.leaks.connections.max-frames", "0", 0);
	}

	@Test
	void rejectsANonPositiveHeldThreshold() {
		assertRejects("middleware.leaks.connections.held-threshold", "0s", Duration.ZERO);
	}

	@Test
	void rejectsANegativeGracePeriod() {
		assertRejects("middleware.leaks.connections.reclaim.grace-period", "-1s", Duration.ofSeconds(-1));
	}

	@Test
	void rejectsANegativeRecentCountEvenWithTheApplicationsOwnSweeper() {
		this.runner.withUserConfiguration(UserSweeper.class)
			.withPropertyValues("middleware.leaks.recent=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.leaks.recent")
				.hasFieldOrPropertyWithValue("value", -1));
	}

	private void assertRejects(String name, String value, Object bound) {
		this.runner.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", name)
				.hasFieldOrPropertyWithValue("value", bound));
	}

	/**
	 * The connection leak listener of the wrapped data source, {@code null} if it has none.
	 */
	private static ConnectionLeakSource leakListener(ApplicationContext context) {
		return ((ObservedDataSource) context.getBean(DataSource.class)).getListener(ConnectionLeakSource.class);
	}

	private static void assertHeldWhileOpen(ConnectionLeakSource source, DataSource dataSource, MeterRegistry registry)
			throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			assertThat(source.describe(false).toString()).contains("connectionId=");
			assertThat(registry.get(ConnectionLeakMeters.HELD).tag("pool", "cfg").gauge().value()).isEqualTo(1.0);
		}
		assertThat(source.describe(false).toString()).doesNotContain("connectionId=");
		assertThat(registry.get(ConnectionLeakMeters.HELD).tag("pool", "cfg").gauge().value()).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSource {

		final ConnectionLeakSource source = new ConnectionLeakSource(
				new ConnectionLeakSettings(0.0, 4, Duration.ofSeconds(5), false, false, Duration.ZERO, 1),
				LeakMetrics.NONE);

		@Bean
		ConnectionLeakSource userConnectionLeakSource() {
			return this.source;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSweeper {

		@Bean(destroyMethod = "close")
		LeakSweeper userLeakSweeper() {
			return new LeakSweeper(Duration.ofSeconds(1), List.of());
		}

	}

}
