package io.middlewaretrace.autoconfigure.deadline;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.jdbc.DeadlineAwareDataSource;

/**
 * Wraps every {@link DataSource} bean in a {@link DeadlineAwareDataSource}, once. Scoped
 * targets are left alone (their scoped proxy is what the application uses), and so is a data
 * source that already wraps a deadline-aware one.
 */
class DeadlineDataSourceBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<DeadlineProperties> properties;

	private final ObjectProvider<DeadlineWatchdog> watchdog;

	DeadlineDataSourceBeanPostProcessor(ObjectProvider<DeadlineProperties> properties,
			ObjectProvider<DeadlineWatchdog> watchdog) {
		this.properties = properties;
		this.watchdog = watchdog;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !ScopedProxyUtils.isScopedTarget(beanName)
				&& !isDeadlineAware(dataSource)) {
			DeadlineProperties.Jdbc jdbc = this.properties.getObject().getJdbc();
			if (jdbc.getMaxSqlLength() <= 0) {
				throw new IllegalStateException(
						"middleware.deadline.jdbc.max-sql-length must be positive, but was " + jdbc.getMaxSqlLength());
			}
			return new DeadlineAwareDataSource(dataSource, beanName, jdbc.isQueryTimeoutBackstop(),
					jdbc.getMaxSqlLength(), this.watchdog.getIfUnique());
		}
		return bean;
	}

	private static boolean isDeadlineAware(DataSource dataSource) {
		if (dataSource instanceof DeadlineAwareDataSource) {
			return true;
		}
		try {
			return dataSource.isWrapperFor(DeadlineAwareDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			// a routing data source may not know its target outside a request
			return false;
		}
	}

}
