package io.middlewaretrace.autoconfigure.deadline;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.jdbc.ConnectionTrackerFactory;
import io.middlewaretrace.deadline.jdbc.DeadlineAwareDataSource;

/**
 * Carries the request's deadline into the connection pool and every JDBC statement: every
 * {@link DataSource} bean is wrapped in a {@link DeadlineAwareDataSource}. The one
 * post-processor that wraps also serves connection leak tracking, which registers it under the
 * same name when deadlines are off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "middleware.deadline.jdbc.enabled", matchIfMissing = true)
class DeadlineJdbcConfiguration {

	@Bean(DeadlineDataSourceBeanPostProcessor.BEAN_NAME)
	@ConditionalOnMissingBean(name = DeadlineDataSourceBeanPostProcessor.BEAN_NAME)
	static DeadlineDataSourceBeanPostProcessor middlewareDeadlineDataSourceBeanPostProcessor(
			ObjectProvider<DeadlineProperties> properties, ObjectProvider<DeadlineWatchdog> watchdog,
			ObjectProvider<ConnectionTrackerFactory> trackers) {
		return new DeadlineDataSourceBeanPostProcessor(properties, watchdog, trackers);
	}

}
