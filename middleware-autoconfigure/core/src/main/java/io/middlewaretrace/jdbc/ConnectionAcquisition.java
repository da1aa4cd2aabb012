package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The rest of a borrow, as a {@link ConnectionListener} sees it from
 * {@link ConnectionListener#acquire(ConnectionAcquisition, long)}: the listeners after it, then
 * the pool.
 *
 * @since 0.1.0
 */
public interface ConnectionAcquisition {

	/**
	 * Wait that leaves the pool its own timeout.
	 */
	long NO_LIMIT = Long.MAX_VALUE;

	/**
	 * Returns the pool the connection is borrowed from.
	 * @return the pool
	 */
	ConnectionPool pool();

	/**
	 * Borrows the connection, waiting at most about {@code maxWaitNanos} where the pool can bound
	 * its wait (see {@link ConnectionPool#getConnection(long)}).
	 * @param maxWaitNanos the longest wait, positive, or {@link #NO_LIMIT}
	 * @return the pool's connection
	 * @throws SQLException if the pool could not hand one out
	 */
	Connection proceed(long maxWaitNanos) throws SQLException;

}
