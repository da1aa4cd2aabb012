package io.middlewaretrace.autoconfigure.deadline;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.jdbc.ConnectionTracker;
import io.middlewaretrace.deadline.jdbc.ConnectionTrackerFactory;
import io.middlewaretrace.deadline.jdbc.DeadlineAwareDataSource;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

/**
 * Wraps every {@link DataSource} bean in a {@link DeadlineAwareDataSource}, once, when JDBC
 * deadlines are on (a {@link DeadlineProperties} bean with {@code middleware.deadline.jdbc.enabled})
 * or connections are tracked (a {@link ConnectionTrackerFactory} bean), or both: one wrapper
 * serves both features. Scoped targets are left alone (their scoped proxy is what the
 * application uses), and so is a data source that already wraps a deadline-aware one.
 * <p>
 * Registered under {@link #BEAN_NAME} by whichever of the deadline and leak auto-configurations
 * needs it first; the other backs off.
 *
 * @since 0.1.0
 */
public class DeadlineDataSourceBeanPostProcessor implements BeanPostProcessor {

	/**
	 * Name of the one bean of this type.
	 */
	public static final String BEAN_NAME = "middlewareDeadlineDataSourceBeanPostProcessor";

	private final ObjectProvider<DeadlineProperties> properties;

	private final ObjectProvider<DeadlineWatchdog> watchdog;

	private final ObjectProvider<ConnectionTrackerFactory> trackers;

	/**
	 * Creates the post-processor; the providers are only asked when a data source is wrapped.
	 * @param properties the deadline configuration, present when deadlines are on
	 * @param watchdog the deadline timer
	 * @param trackers the connection tracking, present when connection leaks are watched
	 */
	public DeadlineDataSourceBeanPostProcessor(ObjectProvider<DeadlineProperties> properties,
			ObjectProvider<DeadlineWatchdog> watchdog, ObjectProvider<ConnectionTrackerFactory> trackers) {
		this.properties = properties;
		this.watchdog = watchdog;
		this.trackers = trackers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !ScopedProxyUtils.isScopedTarget(beanName)
				&& !isDeadlineAware(dataSource)) {
			DeadlineProperties deadlines = this.properties.getIfAvailable();
			boolean jdbcDeadlines = deadlines != null && deadlines.getJdbc().isEnabled();
			ConnectionTrackerFactory trackerFactory = this.trackers.getIfAvailable();
			if (!jdbcDeadlines && trackerFactory == null) {
				return bean;
			}
			int maxSqlLength = 200;
			boolean backstop = false;
			if (jdbcDeadlines) {
				DeadlineProperties.Jdbc jdbc = deadlines.getJdbc();
				maxSqlLength = requirePositive("middleware.deadline.jdbc.max-sql-length", jdbc.getMaxSqlLength());
				backstop = jdbc.isQueryTimeoutBackstop();
			}
			ConnectionTracker tracker = (trackerFactory != null) ? trackerFactory.track(dataSource, beanName) : null;
			return new DeadlineAwareDataSource(dataSource, beanName, jdbcDeadlines, backstop, maxSqlLength,
					jdbcDeadlines ? this.watchdog.getIfUnique() : null, tracker);
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
