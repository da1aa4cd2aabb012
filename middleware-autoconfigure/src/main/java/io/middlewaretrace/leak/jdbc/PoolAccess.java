package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * What the starter can ask of a connection pool: its state, taking back one connection, and
 * evicting the idle ones. {@link HikariPoolAccess} knows HikariCP; {@link PlainPoolAccess}
 * serves any other data source.
 */
interface PoolAccess {

	/**
	 * Unknown value of a pool statistic.
	 */
	int UNKNOWN = -1;

	/**
	 * Returns the pool's own name, or {@code null}.
	 */
	String poolName();

	/**
	 * Takes a borrowed connection back from its holder so that its pool slot is free at once.
	 * @param poolConnection the connection as the pool handed it out
	 * @throws SQLException if the pool or driver failed
	 */
	void reclaim(Connection poolConnection) throws SQLException;

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

	int active();

	int idle();

	int total();

	int max();

	int threadsAwaiting();

	/**
	 * Returns the access for a data source: HikariCP's when it is a Hikari pool and Hikari is on
	 * the class path, the plain one otherwise.
	 */
	static PoolAccess of(DataSource dataSource) {
		Class<?> type = dataSource.getClass();
		while (type != null) {
			if (type.getName().equals("com.zaxxer.hikari.HikariDataSource")) {
				return HikariPoolAccess.of(dataSource);
			}
			type = type.getSuperclass();
		}
		return new PlainPoolAccess();
	}

}
