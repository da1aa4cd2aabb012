package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A data source the starter does not know, see {@link ConnectionPool#of(DataSource, String)}.
 */
final class PlainConnectionPool implements ConnectionPool {

	private final DataSource dataSource;

	private final String name;

	PlainConnectionPool(DataSource dataSource, String name) {
		this.dataSource = dataSource;
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Connection getConnection(long maxWaitNanos) throws SQLException {
		return this.dataSource.getConnection();
	}

	@Override
	public void evict(Connection poolConnection) throws SQLException {
		poolConnection.close();
	}

	@Override
	public boolean softEvictIdle() {
		return false;
	}

	@Override
	public boolean onBrokenConnection(Runnable listener) {
		return false;
	}

	@Override
	public int active() {
		return UNKNOWN;
	}

	@Override
	public int idle() {
		return UNKNOWN;
	}

	@Override
	public int total() {
		return UNKNOWN;
	}

	@Override
	public int max() {
		return UNKNOWN;
	}

	@Override
	public int threadsAwaiting() {
		return UNKNOWN;
	}

	@Override
	public String toString() {
		return "ConnectionPool[" + this.name + "]";
	}

}
