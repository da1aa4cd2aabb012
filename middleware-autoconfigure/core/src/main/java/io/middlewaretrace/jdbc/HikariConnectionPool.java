package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.pool.ProxyConnection;

/**
 * A HikariCP pool, found by whoever wraps the data source (the wrapped data source may be the
 * pool itself or a data source in front of it).
 * <ul>
 * <li>A bounded borrow waits at most the bound through the pool's public
 * {@link HikariPool#getConnection(long)}, which is what {@link HikariDataSource#getConnection()}
 * calls with the configured {@code connectionTimeout}; only when the wrapped data source is the
 * pool itself (a data source in front of it must see every borrow), once the pool has started
 * (Hikari starts it lazily on the first borrow), and when the bound is the shorter wait.
 * Otherwise the borrow goes through the wrapped data source.</li>
 * <li>An evicted connection is evicted with {@link HikariDataSource#evictConnection(Connection)}:
 * for a connection still open, Hikari removes its entry from the pool and closes the physical
 * connection at once, so the slot is free for the next borrower. A connection that is not
 * Hikari's own (a data source in front of the pool handed out its own) is closed.</li>
 * <li>Idle connections are soft-evicted through {@link HikariPoolMXBean#softEvictConnections()};
 * the pool is never suspended. Broken connections are reported through a
 * {@link BrokenConnectionOverride} installed before the pool starts.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class HikariConnectionPool implements ConnectionPool {

	private final DataSource dataSource;

	private final HikariDataSource pool;

	private final String name;

	/**
	 * Creates the accessor.
	 * @param dataSource the data source being wrapped
	 * @param pool the Hikari pool it is or unwraps to
	 * @param name the data source's bean name, for a pool that has no name yet
	 */
	public HikariConnectionPool(DataSource dataSource, HikariDataSource pool, String name) {
		this.dataSource = dataSource;
		this.pool = pool;
		this.name = name;
	}

	@Override
	public String name() {
		String name = this.pool.getPoolName();
		return (name != null) ? name : this.name;
	}

	@Override
	public Connection getConnection(long maxWaitNanos) throws SQLException {
		if (this.dataSource == this.pool) {
			// rounded up: the pool then waits the whole budget, overshooting by under a millisecond
			long budgetMillis = maxWaitNanos / 1_000_000L + ((maxWaitNanos % 1_000_000L != 0) ? 1 : 0);
			if (budgetMillis < this.pool.getConnectionTimeout()) {
				HikariPoolMXBean started = this.pool.getHikariPoolMXBean();
				if (started instanceof HikariPool hikariPool && !this.pool.isClosed()) {
					return hikariPool.getConnection(budgetMillis);
				}
			}
		}
		return this.dataSource.getConnection();
	}

	@Override
	public void evict(Connection poolConnection) throws SQLException {
		if (poolConnection instanceof ProxyConnection) {
			this.pool.evictConnection(poolConnection);
		}
		else {
			poolConnection.close();
		}
	}

	@Override
	public boolean softEvictIdle() {
		HikariPoolMXBean started = started();
		if (started == null) {
			return false;
		}
		started.softEvictConnections();
		return true;
	}

	@Override
	public boolean onBrokenConnection(Runnable listener) {
		if (this.pool.getHikariPoolMXBean() != null) {
			// started: the configuration is sealed
			return false;
		}
		try {
			this.pool.setExceptionOverride(new BrokenConnectionOverride(this.pool.getExceptionOverride(), listener));
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private HikariPoolMXBean started() {
		return this.pool.isClosed() ? null : this.pool.getHikariPoolMXBean();
	}

	@Override
	public int active() {
		HikariPoolMXBean started = started();
		return (started != null) ? started.getActiveConnections() : UNKNOWN;
	}

	@Override
	public int idle() {
		HikariPoolMXBean started = started();
		return (started != null) ? started.getIdleConnections() : UNKNOWN;
	}

	@Override
	public int total() {
		HikariPoolMXBean started = started();
		return (started != null) ? started.getTotalConnections() : UNKNOWN;
	}

	@Override
	public int max() {
		return this.pool.getMaximumPoolSize();
	}

	@Override
	public int threadsAwaiting() {
		HikariPoolMXBean started = started();
		return (started != null) ? started.getThreadsAwaitingConnection() : UNKNOWN;
	}

	@Override
	public String toString() {
		return "HikariConnectionPool[" + name() + "]";
	}

}
