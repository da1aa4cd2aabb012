package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told of every connection borrowed through an {@link ObservedDataSource}, with or without a
 * request. Registered as a bean, it makes the starter wrap every {@code DataSource}; listeners
 * apply in their bean order, the first one outermost.
 * <p>
 * The wrapper asks each listener once per data source for the listener that serves its pool
 * ({@link #forPool(ConnectionPool)}), so that state kept per pool needs no lookup on a borrow.
 * The callbacks run on the borrowing thread, for every borrow: they must be cheap.
 *
 * @since 0.1.0
 */
public interface ConnectionListener {

	/**
	 * Returns the listener for the borrows of one pool. Called once per data source, before the
	 * application uses it.
	 * @param pool the pool behind the data source
	 * @return the listener of that pool's borrows: this one when it keeps no state per pool
	 */
	default ConnectionListener forPool(ConnectionPool pool) {
		return this;
	}

	/**
	 * Borrows a connection around the rest of the borrow: a listener may bound the wait, refuse
	 * the borrow by throwing without calling {@code acquisition}, or time it. What it starts
	 * before {@link ConnectionAcquisition#proceed(long)} it ends after, on its own stack. Not
	 * called for {@link javax.sql.DataSource#getConnection(String, String)}, whose wait no pool
	 * bounds.
	 * @param acquisition the rest of the borrow, to call exactly once unless the borrow is refused
	 * @param maxWaitNanos the longest wait the listeners before this one allow, or
	 * {@link ConnectionAcquisition#NO_LIMIT}
	 * @return the pool's connection, as {@code acquisition} returned it
	 * @throws SQLException if the borrow failed or was refused
	 */
	default Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
		return acquisition.proceed(maxWaitNanos);
	}

	/**
	 * Called right after the pool handed out a connection. Must not throw.
	 * @param poolConnection the pool's connection, as the pool handed it out
	 * @return the lease the wrapper releases when the connection is closed, or {@code null} not
	 * to follow this borrow
	 */
	default ConnectionLease borrowed(Connection poolConnection) {
		return null;
	}

}
