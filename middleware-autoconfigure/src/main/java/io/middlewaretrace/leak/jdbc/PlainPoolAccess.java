package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A data source the starter does not know: a reclaimed connection is closed (given back to its
 * pool, or closed for good by a data source that does not pool); no state, no eviction.
 */
final class PlainPoolAccess implements PoolAccess {

	@Override
	public String poolName() {
		return null;
	}

	@Override
	public void reclaim(Connection poolConnection) throws SQLException {
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

}
