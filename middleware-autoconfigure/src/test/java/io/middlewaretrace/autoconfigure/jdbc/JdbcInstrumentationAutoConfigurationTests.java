package io.middlewaretrace.autoconfigure.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.middlewaretrace.autoconfigure.deadline.DeadlineAutoConfiguration;
import io.middlewaretrace.autoconfigure.leak.LeakAutoConfiguration;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.jdbc.StatementListener;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcInstrumentationAutoConfiguration}: one wrapper, whatever features
 * contribute listeners to it.
 */
class JdbcInstrumentationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class,
				LeakAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcInstrumentationAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void wrapsTheDataSourceOnceWithTheListenersOfBothFeatures() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class);
			ObservedDataSource dataSource = (ObservedDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getDelegate()).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.getListener(DeadlineConnectionListener.class)).isNotNull();
			assertThat(dataSource.getListener(DeadlineStatementListener.class)).isNotNull();
			assertThat(dataSource.getListener(ConnectionLeakSource.class))
				.isSameAs(context.getBean(ConnectionLeakSource.class));
		});
	}

	@Test
	void theWrappedDataSourceStillUnwrapsToThePool() {
		this.runner.run((context) -> assertThat(DataSourceUnwrapper.unwrap(context.getBean(DataSource.class),
				HikariConfigMXBean.class, HikariDataSource.class))
			.isInstanceOf(HikariDataSource.class));
	}

	@Test
	void wrapsForTheDeadlineAloneWhenLeakTrackingIsOff() {
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
			assertThat(dataSource.getListener(DeadlineStatementListener.class)).isNull();
		});
	}

	@Test
	void leavesTheDataSourceAloneWhenNoFeatureListens() {
		this.runner
			.withPropertyValues("middleware.deadline.jdbc.enabled=false", "middleware.leaks.connections.enabled=false")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

	@Test
	void contributesNothingWhenTheStarterIsOff() {
		this.runner.withPropertyValues("middleware.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservedDataSourceBeanPostProcessor.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void backsOffForTheApplicationsOwnPostProcessor() {
		this.runner.withUserConfiguration(OwnPostProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservedDataSourceBeanPostProcessor.class)
				.hasBean("ownPostProcessor")
				.doesNotHaveBean("middlewareObservedDataSourceBeanPostProcessor");
			assertThat(context.getBean(DataSource.class)).isInstanceOf(ObservedDataSource.class);
		});
	}

	@Test
	void backsOffWithoutJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ObservedDataSourceBeanPostProcessor.class));
	}

	@Test
	void leavesAScopedTargetToItsProxy() {
		this.runner.withUserConfiguration(ScopedTargetConfiguration.class).run((context) -> {
			Object target = context.getBean(ScopedProxyUtils.getTargetBeanName("reportingDataSource"));
			assertThat(target).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(context.getBean("plainDataSource")).isInstanceOf(ObservedDataSource.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPostProcessorConfiguration {

		@Bean
		static ObservedDataSourceBeanPostProcessor ownPostProcessor(ObjectProvider<ConnectionListener> connections,
				ObjectProvider<StatementListener> statements) {
			return new ObservedDataSourceBeanPostProcessor(connections, statements);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedTargetConfiguration {

		// a scoped target's bean name, as @Scope(proxyMode = ...) registers it
		@Bean(name = "scopedTarget.reportingDataSource")
		DataSource reportingDataSourceTarget() {
			return new SimpleDriverDataSource();
		}

		@Bean
		DataSource plainDataSource() {
			return new SimpleDriverDataSource();
		}

	}

}
