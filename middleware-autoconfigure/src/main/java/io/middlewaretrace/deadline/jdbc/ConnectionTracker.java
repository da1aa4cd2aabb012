package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;

/**
 * Told by a {@link DeadlineAwareDataSource} of every connection borrowed from its pool, with or
 * without a request or a deadline, so that connections can be tracked while they are held
 * (for leak diagnostics). One tracker serves one data source.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionTracker {

	/**
	 * Called on the borrowing thread right after the pool handed out a connection. Must be
	 * cheap and must not throw.
	 * @param poolConnection the pool's connection, as the pool handed it out
	 * @return the lease the wrapper releases when the connection is closed
	 */
	ConnectionLease borrowed(Connection poolConnection);

}
