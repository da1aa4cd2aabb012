package io.middlewaretrace.deadline.jdbc;

import javax.sql.DataSource;

/**
 * Creates the {@link ConnectionTracker} of each data source the starter wraps. Registered as a
 * bean, it makes the starter wrap every {@link DataSource}, even when JDBC deadlines are off.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionTrackerFactory {

	/**
	 * Starts tracking the connections of a pool. Called once per data source, before the
	 * application uses it.
	 * @param pool the data source being wrapped, usually the connection pool
	 * @param name the data source's bean name, for pools that have no name of their own
	 * @return the tracker
	 */
	ConnectionTracker track(DataSource pool, String name);

}
