package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * Borrows from a HikariCP pool waiting at most the remaining budget, through the pool's public
 * {@link HikariPool#getConnection(long)}, which is what {@link HikariDataSource#getConnection()}
 * calls with the configured {@code connectionTimeout}. Until the pool has started (Hikari starts
 * it lazily on the first borrow) and when the configured timeout is the shorter one, it borrows
 * the ordinary way.
 */
final class HikariAcquisition implements ConnectionAcquisition {

	private final HikariDataSource dataSource;

	private HikariAcquisition(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Returns the acquisition for a data source that is a {@link HikariDataSource}; callers
	 * check that first, so Hikari is only loaded when it is there.
	 */
	static ConnectionAcquisition of(DataSource dataSource) {
		return new HikariAcquisition((HikariDataSource) dataSource);
	}

	@Override
	public Connection acquire(long remainingNanos) throws SQLException {
		// rounded up: the pool then waits the whole budget, overshooting by under a millisecond
		long budgetMillis = (remainingNanos + 999_999L) / 1_000_000L;
		if (budgetMillis < this.dataSource.getConnectionTimeout()) {
			HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
			if (pool instanceof HikariPool hikariPool && !this.dataSource.isClosed()) {
				return hikariPool.getConnection(budgetMillis);
			}
		}
		return this.dataSource.getConnection();
	}

	@Override
	public String poolName() {
		String name = this.dataSource.getPoolName();
		return (name != null) ? name : "hikari";
	}

}
