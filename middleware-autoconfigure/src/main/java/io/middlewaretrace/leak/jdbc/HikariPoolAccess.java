package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * A HikariCP pool. A reclaimed connection is evicted with
 * {@link HikariDataSource#evictConnection(Connection)}: for a connection still open, Hikari
 * removes its entry from the pool and closes the physical connection at once, so the slot is
 * free for the next borrower; the holder's proxy is never used again by the starter. Idle
 * connections are soft-evicted through {@link HikariPoolMXBean#softEvictConnections()}; the
 * pool is never suspended. Broken connections are reported through a
 * {@link BrokenConnectionOverride} installed before the pool starts.
 */
final class HikariPoolAccess implements PoolAccess {

	private final HikariDataSource dataSource;

	private HikariPoolAccess(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Callers check the data source is a Hikari pool first, so Hikari is only loaded when there.
	 */
	static PoolAccess of(DataSource dataSource) {
		return new HikariPoolAccess((HikariDataSource) dataSource);
	}

	@Override
	public String poolName() {
		return this.dataSource.getPoolName();
	}

	@Override
	public void reclaim(Connection poolConnection) {
		this.dataSource.evictConnection(poolConnection);
	}

	@Override
	public boolean softEvictIdle() {
		HikariPoolMXBean pool = pool();
		if (pool == null) {
			return false;
		}
		pool.softEvictConnections();
		return true;
	}

	@Override
	public boolean onBrokenConnection(Runnable listener) {
		if (this.dataSource.getHikariPoolMXBean() != null) {
			// started: the configuration is sealed
			return false;
		}
		try {
			this.dataSource
				.setExceptionOverride(new BrokenConnectionOverride(this.dataSource.getExceptionOverride(), listener));
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private HikariPoolMXBean pool() {
		return this.dataSource.isClosed() ? null : this.dataSource.getHikariPoolMXBean();
	}

	@Override
	public int active() {
		HikariPoolMXBean pool = pool();
		return (pool != null) ? pool.getActiveConnections() : UNKNOWN;
	}

	@Override
	public int idle() {
		HikariPoolMXBean pool = pool();
		return (pool != null) ? pool.getIdleConnections() : UNKNOWN;
	}

	@Override
	public int total() {
		HikariPoolMXBean pool = pool();
		return (pool != null) ? pool.getTotalConnections() : UNKNOWN;
	}

	@Override
	public int max() {
		return this.dataSource.getMaximumPoolSize();
	}

	@Override
	public int threadsAwaiting() {
		HikariPoolMXBean pool = pool();
		return (pool != null) ? pool.getThreadsAwaitingConnection() : UNKNOWN;
	}

}
