package io.middlewaretrace.autoconfigure.deadline;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

/**
 * Carries the request's deadline into the connection pool and every JDBC statement, as
 * listeners of the data source wrapper every {@link DataSource} bean then gets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "middleware.deadline.jdbc.enabled", matchIfMissing = true)
class DeadlineJdbcConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadlineConnectionListener middlewareDeadlineConnectionListener() {
		return new DeadlineConnectionListener();
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineStatementListener middlewareDeadlineStatementListener(DeadlineProperties properties,
			ObjectProvider<DeadlineWatchdog> watchdog) {
		DeadlineProperties.Jdbc jdbc = properties.getJdbc();
		return new DeadlineStatementListener(jdbc.isQueryTimeoutBackstop(),
				requirePositive("middleware.deadline.jdbc.max-sql-length", jdbc.getMaxSqlLength()),
				watchdog.getIfUnique());
	}

}
