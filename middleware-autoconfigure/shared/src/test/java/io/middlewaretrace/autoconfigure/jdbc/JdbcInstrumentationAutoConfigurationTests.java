package io.middlewaretrace.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.middlewaretrace.autoconfigure.deadline.DeadlineAutoConfiguration;
import io.middlewaretrace.autoconfigure.leak.LeakAutoConfiguration;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.jdbc.ConnectionAcquisition;
import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.jdbc.StatementListener;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSource;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcInstrumentationAutoConfiguration}: one wrapper for every data source,
 * with the listeners the JDBC features contribute.
 */
class JdbcInstrumentationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class,
				LeakAutoConfiguration.class, JdbcInstrumentationAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
		.withPropertyValues("spring.datasource.generate-unique-name=true", "spring.datasource.hikari.pool-name=cfg");

	@Test
	void wrapsTheDataSourceOnceForDeadlinesAndLeakTracking() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.getListener(DeadlineConnectionListener.class))
				.isSameAs(context.getBean(DeadlineConnectionListener.class));
			assertThat(dataSource.getListener(DeadlineStatementListener.class))
				.isSameAs(context.getBean(DeadlineStatementListener.class));
			assertThat(dataSource.getListener(ConnectionLeakSource.class))
				.isSameAs(context.getBean(ConnectionLeakSource.class));
			assertThat(dataSource.getPool()).isInstanceOf(HikariConnectionPool.class);
			assertThat(dataSource.getPool().name()).isEqualTo("cfg");
		});
	}

	@Test
	void wrapsForDeadlinesAloneWhenConnectionLeaksAreOff() {
		this.runner.withPropertyValues("middleware.leaks.connections.enabled=false").run((context) -> {
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getListener(DeadlineStatementListener.class)).isNotNull();
			assertThat(dataSource.getListener(ConnectionLeakSource.class)).isNull();
		});
	}

	@Test
	void wrapsForLeakTrackingAloneWhenJdbcDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.jdbc.enabled=false").run((context) -> {
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getListener(ConnectionLeakSource.class)).isNotNull();
			assertThat(dataSource.getListener(DeadlineConnectionListener.class)).isNull();
			assertThat(dataSource.getListener(DeadlineStatementListener.class)).isNull();
		});
	}

	@Test
	void doesNotWrapWhenBothFeaturesAreOff() {
		this.runner
			.withPropertyValues("middleware.deadline.jdbc.enabled=false", "middleware.leaks.connections.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void doesNotWrapWithoutAnyListener() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JdbcInstrumentationAutoConfiguration.class))
			.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void wrapsForAnyListenerBeanAndAppliesThemInOrder() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JdbcInstrumentationAutoConfiguration.class))
			.withConfiguration(BootAutoConfigurations.DATA_SOURCE)
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.withUserConfiguration(OrderedListeners.class)
			.run((context) -> {
				OrderedListeners listeners = context.getBean(OrderedListeners.class);
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection).isNotNull();
				}
				assertThat(listeners.events).containsExactly("first", "second");
			});
	}

	@Test
	void backsOffForAUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessor.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			assertThat(context).hasBean("userPostProcessor");
		});
	}

	@Test
	void neverWrapsAnObservedDataSourceAgain() {
		this.runner.withUserConfiguration(UserObservedDataSource.class).run((context) -> {
			ObservedDataSource dataSource = context.getBean(ObservedDataSource.class);
			assertThat(dataSource).isSameAs(context.getBean(UserObservedDataSource.class).dataSource);
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void wrappedDataSourceStillUnwrapsToTheHikariPool() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ObservedDataSource.class);
			assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
				.isSameAs(((ObservedDataSource) dataSource).getDelegate());
		});
	}

	@Test
	void dataSourceThatIsNoHikariPoolGetsThePlainAccessorNamedByItsBean() {
		this.runner.withUserConfiguration(PlainDataSource.class).run((context) -> {
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getDelegate()).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(dataSource.getPool()).isNotInstanceOf(HikariConnectionPool.class);
			assertThat(dataSource.getPool().name()).isEqualTo("reportingDataSource");
			assertThat(dataSource.getPool().active()).isEqualTo(ConnectionPool.UNKNOWN);
		});
	}

	@Test
	void leavesScopedTargetsAlone() {
		this.runner.withUserConfiguration(ScopedTargetDataSource.class)
			.run((context) -> assertThat(context.getBean("scopedTarget.reportingDataSource"))
				.isInstanceOf(HikariDataSource.class));
	}

	@Test
	void isOffWithTheStarter() {
		this.runner.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedDataSourceBeanPostProcessor.class));
	}

	@Test
	void backsOffWithoutJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ObservedDataSourceBeanPostProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListeners {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		ConnectionListener secondListener() {
			return recording("second");
		}

		@Bean
		@Order(1)
		ConnectionListener firstListener() {
			return recording("first");
		}

		private ConnectionListener recording(String name) {
			return new ConnectionListener() {

				@Override
				public Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
					OrderedListeners.this.events.add(name);
					return acquisition.proceed(maxWaitNanos);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessor {

		@Bean
		static ObservedDataSourceBeanPostProcessor userPostProcessor(
				ObjectProvider<ConnectionListener> connectionListeners,
				ObjectProvider<StatementListener> statementListeners) {
			return new ObservedDataSourceBeanPostProcessor(connectionListeners, statementListeners);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserObservedDataSource {

		final ObservedDataSource dataSource;

		UserObservedDataSource() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl("jdbc:h2:mem:user-observed");
			this.dataSource = new ObservedDataSource(pool, new HikariConnectionPool(pool, pool, "dataSource"),
					List.of(new DeadlineConnectionListener()), List.of());
		}

		@Bean
		DataSource dataSource() {
			return this.dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainDataSource {

		@Bean
		DataSource reportingDataSource() {
			return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:plain");
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
