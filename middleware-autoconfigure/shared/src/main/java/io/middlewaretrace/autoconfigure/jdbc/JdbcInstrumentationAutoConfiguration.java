package io.middlewaretrace.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.jdbc.StatementListener;

/**
 * Auto-configuration of the one {@link DataSource} wrapper: every data source bean is wrapped
 * in an {@link ObservedDataSource} when at least one {@link ConnectionListener} or
 * {@link StatementListener} bean exists (JDBC deadlines and connection leak tracking contribute
 * theirs), and left as it is otherwise.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
public class JdbcInstrumentationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static ObservedDataSourceBeanPostProcessor middlewareObservedDataSourceBeanPostProcessor(
			ObjectProvider<ConnectionListener> connectionListeners,
			ObjectProvider<StatementListener> statementListeners) {
		return new ObservedDataSourceBeanPostProcessor(connectionListeners, statementListeners);
	}

}
