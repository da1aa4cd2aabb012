package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.StatementExecution;
import io.middlewaretrace.jdbc.StatementListener;

/**
 * Runs every statement execution (plain, prepared and callable) of a connection borrowed under
 * a deadline within the deadline of the request the calling thread works for: refused when the
 * budget is spent (less than a millisecond left; the request is then marked timed out),
 * cancelled through the request's {@link DefaultRequestContext#onDeadline(Runnable) deadline
 * hook} when it passes, with the driver's query timeout (whole seconds, rounded up) as a
 * backstop, set from the remaining budget and put back afterwards; recorded as a
 * {@code jdbc.execute} phase with its SQL text, never parameter values. Without a deadline the
 * call goes straight through; connections borrowed without one keep the driver's statements.
 *
 * @since 0.1.0
 */
public class DeadlineStatementListener implements StatementListener {

	/**
	 * Name of the phase that runs a statement.
	 */
	public static final String EXECUTE_PHASE = "jdbc.execute";

	/**
	 * Cancels repeated after the first: 2, 4, ... 64 ms apart, then every 100 ms, about 10 s in all.
	 */
	private static final int CANCEL_ATTEMPTS = 100;

	private static final long MAX_CANCEL_INTERVAL_MILLIS = 100;

	private final boolean queryTimeoutBackstop;

	private final int maxSqlLength;

	private final DeadlineWatchdog watchdog;

	/**
	 * Whether the driver keeps its query timeout per session (H2), known from the pool's first
	 * connection borrowed under a deadline; {@code null} before.
	 */
	private volatile Boolean sessionQueryTimeout;

	/**
	 * Creates the listener.
	 * @param queryTimeoutBackstop whether to set the driver's query timeout from the remaining
	 * budget as a backstop to cancellation
	 * @param maxSqlLength characters of SQL kept in a {@code jdbc.execute} phase, positive
	 * @param watchdog the shared deadline timer, used to repeat a cancel that reached the driver
	 * before the statement did; {@code null} to cancel once
	 */
	public DeadlineStatementListener(boolean queryTimeoutBackstop, int maxSqlLength, DeadlineWatchdog watchdog) {
		if (maxSqlLength <= 0) {
			throw new IllegalArgumentException("maxSqlLength must be positive, but was " + maxSqlLength);
		}
		this.queryTimeoutBackstop = queryTimeoutBackstop;
		this.maxSqlLength = maxSqlLength;
		this.watchdog = watchdog;
	}

	@Override
	public StatementListener forPool(ConnectionPool pool) {
		// whether the query timeout belongs to the session is known per pool
		return new DeadlineStatementListener(this.queryTimeoutBackstop, this.maxSqlLength, this.watchdog);
	}

	@Override
	public boolean observes(Connection poolConnection) throws SQLException {
		DefaultRequestContext context = RequestContextHolder.get();
		if (context == null || context.deadline() == null) {
			return false;
		}
		if (this.queryTimeoutBackstop && this.sessionQueryTimeout == null) {
			this.sessionQueryTimeout = isSessionQueryTimeout(poolConnection);
		}
		return true;
	}

	/**
	 * H2 keeps the query timeout per session ({@code SET QUERY_TIMEOUT}), not per statement:
	 * setting it would leak to the next borrower unless put back with a second round trip, so
	 * on H2 statements are bounded by cancellation alone.
	 */
	private static boolean isSessionQueryTimeout(Connection connection) throws SQLException {
		return "H2".equals(connection.getMetaData().getDatabaseProductName());
	}

	@Override
	public Object execute(StatementExecution execution) throws SQLException {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			return execution.proceed();
		}
		Phase phase = context.phases().start(EXECUTE_PHASE, detail(execution));
		long remainingNanos = deadline.usableNanos(0);
		if (remainingNanos == 0) {
			phase.end(Phase.DEADLINE);
			// out of time although the deadline may not have passed yet: answered as timed out
			DeadlineState.markTimedOut(context, EXECUTE_PHASE);
			throw new SQLTimeoutException("Statement not started: the request's deadline leaves no time",
					new DeadlineExceededException(EXECUTE_PHASE, deadline));
		}
		DeadlineHook hook = context.onDeadline(execution.canceller());
		int restoreTimeout = -1;
		Throwable failure;
		try {
			restoreTimeout = applyBackstop(execution, remainingNanos);
			Object result = execution.proceed();
			phase.end(Phase.OK);
			return result;
		}
		catch (SQLException | RuntimeException | Error ex) {
			failure = ex;
		}
		finally {
			hook.close();
			if (restoreTimeout >= 0) {
				restoreTimeout(execution, restoreTimeout);
			}
		}
		throw failed(execution, phase, deadline, failure);
	}

	private SQLException failed(StatementExecution execution, Phase phase, Deadline deadline, Throwable failure) {
		if (execution.isRefused()) {
			// the deadline passed since the check above: a cancel sent before the statement
			// started would not have stopped it
			phase.end(Phase.DEADLINE);
			return new SQLTimeoutException("Statement not started: the request's deadline passed",
					new DeadlineExceededException(EXECUTE_PHASE, deadline));
		}
		if (!execution.isCancelled() && !deadline.isExpired()) {
			phase.end(Phase.FAILED);
			return rethrown(failure);
		}
		phase.end(Phase.DEADLINE);
		if (failure instanceof SQLException sql && !(failure instanceof SQLTimeoutException)) {
			return new SQLTimeoutException("Statement cancelled: the request's deadline passed (budget "
					+ deadline.budget().toMillis() + " ms)", sql.getSQLState(), sql.getErrorCode(), sql);
		}
		return rethrown(failure);
	}

	private static SQLException rethrown(Throwable failure) {
		if (failure instanceof SQLException sql) {
			return sql;
		}
		if (failure instanceof RuntimeException ex) {
			throw ex;
		}
		throw (Error) failure;
	}

	/**
	 * Sets the driver's query timeout to the remaining budget in whole seconds, rounded up,
	 * unless the application's own timeout is shorter.
	 * @return the timeout to put back afterwards, or -1 if none was set
	 */
	private int applyBackstop(StatementExecution execution, long remainingNanos) throws SQLException {
		if (!this.queryTimeoutBackstop || !Boolean.FALSE.equals(this.sessionQueryTimeout)) {
			return -1;
		}
		long seconds = (remainingNanos + 999_999_999L) / 1_000_000_000L;
		int current = execution.queryTimeout();
		if (current != 0 && current <= seconds) {
			return -1;
		}
		execution.statement().setQueryTimeout((int) Math.min(seconds, Integer.MAX_VALUE));
		return current;
	}

	private static void restoreTimeout(StatementExecution execution, int timeout) {
		try {
			execution.statement().setQueryTimeout(timeout);
		}
		catch (SQLException ex) {
			// closed on completion: nothing left to restore
		}
	}

	private String detail(StatementExecution execution) {
		String sql = execution.sql(this.maxSqlLength);
		return (sql != null) ? sql : execution.methodName();
	}

	/**
	 * Drivers ignore a cancel that arrives before the statement reached them (H2 while it
	 * parses, PostgreSQL before the query is sent), so while the same execution is still
	 * running the cancel is repeated on the watchdog, at growing intervals.
	 */
	@Override
	public void cancelled(StatementExecution statement, long execution) {
		retryCancel(statement, execution, 1);
	}

	private void retryCancel(StatementExecution statement, long execution, int attempt) {
		if (this.watchdog == null || attempt > CANCEL_ATTEMPTS) {
			return;
		}
		long delayMillis = Math.min(1L << attempt, MAX_CANCEL_INTERVAL_MILLIS);
		this.watchdog.schedule(() -> {
			if (statement.cancelAgain(execution)) {
				retryCancel(statement, execution, attempt + 1);
			}
		}, delayMillis * 1_000_000L);
	}

}
