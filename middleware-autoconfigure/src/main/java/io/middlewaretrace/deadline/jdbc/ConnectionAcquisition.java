package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * How a {@link DeadlineAwareDataSource} borrows a connection within a remaining budget. The
 * generic way cannot shorten the pool's own wait; {@link HikariAcquisition} can.
 */
interface ConnectionAcquisition {

	/**
	 * Borrows a connection, waiting at most about {@code remainingNanos} where the pool allows it.
	 * @param remainingNanos the budget left, positive
	 * @return the connection
	 * @throws SQLException if the pool could not hand one out
	 */
	Connection acquire(long remainingNanos) throws SQLException;

	/**
	 * Returns the name of the pool, for the {@code jdbc.acquire} phase.
	 * @return the pool name
	 */
	String poolName();

	/**
	 * Borrows with the data source's own timeout, for pools the starter does not know.
	 */
	final class Plain implements ConnectionAcquisition {

		private final DataSource dataSource;

		private final String name;

		Plain(DataSource dataSource, String name) {
			this.dataSource = dataSource;
			this.name = name;
		}

		@Override
		public Connection acquire(long remainingNanos) throws SQLException {
			return this.dataSource.getConnection();
		}

		@Override
		public String poolName() {
			return this.name;
		}

	}

}
