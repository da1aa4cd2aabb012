package io.middlewaretrace.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.jdbc.StatementListener;

/**
 * Wraps every {@link DataSource} bean in an {@link ObservedDataSource}, once, with the
 * {@link ConnectionListener} and {@link StatementListener} beans in their order; with no
 * listener bean the data source is left as it is. Scoped targets are left alone (their scoped
 * proxy is what the application uses), and so is a data source that already wraps an observed
 * one. The pool behind the data source is found the way Boot finds it, with
 * {@link DataSourceUnwrapper}.
 *
 * @since 0.1.0
 */
public class ObservedDataSourceBeanPostProcessor implements BeanPostProcessor {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			ObservedDataSourceBeanPostProcessor.class.getClassLoader());

	private final ObjectProvider<ConnectionListener> connectionListeners;

	private final ObjectProvider<StatementListener> statementListeners;

	/**
	 * Creates the post-processor; the providers are only asked when a data source is wrapped.
	 * @param connectionListeners the connection listeners
	 * @param statementListeners the statement listeners
	 */
	public ObservedDataSourceBeanPostProcessor(ObjectProvider<ConnectionListener> connectionListeners,
			ObjectProvider<StatementListener> statementListeners) {
		this.connectionListeners = connectionListeners;
		this.statementListeners = statementListeners;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !ScopedProxyUtils.isScopedTarget(beanName)
				&& !isObserved(dataSource)) {
			List<ConnectionListener> connections = this.connectionListeners.orderedStream().toList();
			List<StatementListener> statements = this.statementListeners.orderedStream().toList();
			if (!connections.isEmpty() || !statements.isEmpty()) {
				return new ObservedDataSource(dataSource, pool(dataSource, beanName), connections, statements);
			}
		}
		return bean;
	}

	private static boolean isObserved(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(ObservedDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			// a routing data source may not know its target outside a request
			return false;
		}
	}

	private static ConnectionPool pool(DataSource dataSource, String beanName) {
		ConnectionPool hikari = HIKARI_PRESENT ? HikariPools.find(dataSource, beanName) : null;
		return (hikari != null) ? hikari : ConnectionPool.of(dataSource, beanName);
	}

	/**
	 * Loaded only when HikariCP is on the class path.
	 */
	private static final class HikariPools {

		static ConnectionPool find(DataSource dataSource, String beanName) {
			HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			return (pool != null) ? new HikariConnectionPool(dataSource, pool, beanName) : null;
		}

	}

}
