package io.middlewaretrace.autoconfigure.deadline;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.autoconfigure.jdbc.JdbcInstrumentationAutoConfiguration;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeadlineJdbcConfiguration}.
 */
class DeadlineJdbcConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class,
				JdbcInstrumentationAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void wrapsTheDataSourceByDefault() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ObservedDataSource.class);
			assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
				.isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void doesNotWrapWhenJdbcDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.jdbc.enabled=false")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void doesNotWrapWhenDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void doesNotWrapInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class,
					DeadlineAutoConfiguration.class, JdbcInstrumentationAutoConfiguration.class))
			.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void backsOffWithoutJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DeadlineConnectionListener.class)
				.doesNotHaveBean(DeadlineStatementListener.class));
	}

	@Test
	void neverWrapsTwice() {
		this.runner.withUserConfiguration(UserWrappedDataSource.class).run((context) -> {
			ObservedDataSource dataSource = context.getBean(ObservedDataSource.class);
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void leavesScopedTargetsAlone() {
		this.runner.withUserConfiguration(ScopedTargetDataSource.class)
			.run((context) -> assertThat(context.getBean("scopedTarget.reportingDataSource"))
				.isInstanceOf(HikariDataSource.class));
	}

	@Test
	void closesThePoolWithTheContext() {
		HikariDataSource[] pool = new HikariDataSource[1];
		this.runner.run((context) -> pool[0] = context.getBean(DataSource.class).unwrap(HikariDataSource.class));
		assertThat(pool[0].isClosed()).isTrue();
	}

	@Test
	void rejectsANonPositiveSqlLength() {
		this.runner.withPropertyValues("middleware.deadline.jdbc.max-sql-length=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.jdbc.max-sql-length")
				.hasFieldOrPropertyWithValue("value", 0));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserWrappedDataSource {

		@Bean
		DataSource dataSource() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl("jdbc:h2:mem:user-wrapped");
			return new ObservedDataSource(pool, new HikariConnectionPool(pool, pool, "dataSource"),
					List.of(new DeadlineConnectionListener()), List.of(new DeadlineStatementListener(true, 100, null)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedTargetDataSource {

		@Bean("scopedTarget.reportingDataSource")
		DataSource reportingDataSource() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl("jdbc:h2:mem:scoped-target");
			return pool;
		}

	}

}
