package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.jdbc.ConnectionAcquisition;
import io.middlewaretrace.jdbc.ConnectionListener;

/**
 * Bounds borrowing a connection by the {@link Deadline} of the request the borrowing thread
 * works for: the borrow waits at most the remaining budget (for a HikariCP pool, even when its
 * {@code connectionTimeout} is longer) and fails at once, without touching the pool, when the
 * budget is spent (less than a millisecond left, {@link Deadline#usableNanos(long)}: the request
 * is then marked timed out); recorded as a {@code jdbc.acquire} phase naming the pool. Without
 * a request or a deadline, the borrow is the pool's own.
 *
 * @since 0.1.0
 */
public class DeadlineConnectionListener implements ConnectionListener {

	/**
	 * Name of the phase that borrows a connection.
	 */
	public static final String ACQUIRE_PHASE = "jdbc.acquire";

	@Override
	public Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			return acquisition.proceed(maxWaitNanos);
		}
		Phase phase = context.phases().start(ACQUIRE_PHASE, acquisition.pool().name());
		long remainingNanos = deadline.usableNanos(0);
		if (remainingNanos == 0) {
			phase.end(Phase.DEADLINE);
			// out of time although the deadline may not have passed yet: answered as timed out
			DeadlineState.markTimedOut(context, ACQUIRE_PHASE);
			throw new SQLTransientConnectionException("Connection not requested: the request's deadline leaves no time",
					new DeadlineExceededException(ACQUIRE_PHASE, deadline));
		}
		Connection connection;
		try {
			connection = acquisition.proceed(Math.min(remainingNanos, maxWaitNanos));
		}
		catch (SQLException ex) {
			if (!deadline.isExpired()) {
				phase.end(Phase.FAILED);
				throw ex;
			}
			phase.end(Phase.DEADLINE);
			SQLTransientConnectionException timeout = new SQLTransientConnectionException(
					"Connection not available within the request's deadline (budget " + deadline.budget().toMillis()
							+ " ms)",
					ex.getSQLState(), new DeadlineExceededException(ACQUIRE_PHASE, deadline));
			timeout.addSuppressed(ex);
			throw timeout;
		}
		catch (RuntimeException | Error ex) {
			phase.end(Phase.FAILED);
			throw ex;
		}
		phase.end(Phase.OK);
		return connection;
	}

}
