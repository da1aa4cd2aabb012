package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The connection pool behind an {@link ObservedDataSource}, as listeners see it: its name and
 * state, borrowing within a bound, taking one connection back and evicting the idle ones.
 * {@link HikariConnectionPool} knows HikariCP; {@link #of(DataSource, String)} serves any other
 * data source.
 *
 * @since 0.1.0
 */
public interface ConnectionPool {

	/**
	 * Unknown value of a pool statistic.
	 */
	int UNKNOWN = -1;

	/**
	 * Returns the pool's own name, or the data source's bean name for a pool that has none (yet:
	 * HikariCP names an unnamed pool when it starts).
	 * @return the name
	 */
	String name();

	/**
	 * Borrows a connection through the wrapped data source, waiting at most about
	 * {@code maxWaitNanos} where the pool can bound its wait.
	 * @param maxWaitNanos the longest wait, positive, or {@link ConnectionAcquisition#NO_LIMIT}
	 * @return the connection
	 * @throws SQLException if the pool could not hand one out
	 */
	Connection getConnection(long maxWaitNanos) throws SQLException;

	/**
	 * Takes a borrowed connection back from its holder so that its pool slot is free at once.
	 * @param poolConnection the connection as the pool handed it out
	 * @throws SQLException if the pool or driver failed
	 */
	void evict(Connection poolConnection) throws SQLException;

	/**
	 * Evicts the idle connections (in-use ones when they are returned), if the pool can.
	 * @return whether the pool could
	 */
	boolean softEvictIdle();

	/**
	 * Asks to be told when the pool finds a broken connection, if the pool can say so.
	 * @param listener called on the thread that saw the broken connection
	 * @return whether the pool will tell
	 */
	boolean onBrokenConnection(Runnable listener);

	/**
	 * Returns the connections in use.
	 * @return the count, or {@link #UNKNOWN}
	 */
	int active();

	/**
	 * Returns the idle connections.
	 * @return the count, or {@link #UNKNOWN}
	 */
	int idle();

	/**
	 * Returns the open connections.
	 * @return the count, or {@link #UNKNOWN}
	 */
	int total();

	/**
	 * Returns the most connections the pool opens.
	 * @return the count, or {@link #UNKNOWN}
	 */
	int max();

	/**
	 * Returns the threads waiting for a connection.
	 * @return the count, or {@link #UNKNOWN}
	 */
	int threadsAwaiting();

	/**
	 * Returns the accessor of a data source the starter does not know: borrows wait the data
	 * source's own timeout, an evicted connection is closed (given back to its pool, or closed
	 * for good by a data source that does not pool), and nothing is known of its state.
	 * @param dataSource the wrapped data source
	 * @param name the data source's bean name
	 * @return the accessor
	 */
	static ConnectionPool of(DataSource dataSource, String name) {
		return new PlainConnectionPool(dataSource, name);
	}

}
