package io.middlewaretrace.deadline.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineWatchdog;

/**
 * Runs every {@code execute*} method of a {@link Statement} (and its prepared and callable
 * kinds) under the deadline of the request the calling thread works for: refused when the
 * budget is spent (less than a millisecond left; the request is then marked timed out),
 * cancelled through the request's {@link DefaultRequestContext#onDeadline(Runnable) deadline hook}
 * when it passes, with the driver's query timeout as a backstop, set from the remaining budget
 * and put back afterwards. Without a deadline the call goes straight through.
 */
final class DeadlineStatementHandler implements InvocationHandler, Runnable {

	static final String PHASE = "jdbc.execute";

	/**
	 * Cancels repeated after the first: 2, 4, ... 64 ms apart, then every 100 ms, about 10 s in all.
	 */
	private static final int CANCEL_ATTEMPTS = 100;

	private static final long MAX_CANCEL_INTERVAL_MILLIS = 100;

	private final Statement target;

	private final Connection connection;

	private final String preparedDetail;

	private final JdbcDeadlineSettings settings;

	private final boolean backstop;

	/**
	 * Query timeout the application set, -1 until read or set.
	 */
	private int applicationTimeout = -1;

	private String firstBatchSql;

	private volatile boolean cancelled;

	/**
	 * Number of the execution running under a deadline, 0 while none runs.
	 */
	private volatile long executing;

	private long executions;

	DeadlineStatementHandler(Statement target, Connection connection, String sql, JdbcDeadlineSettings settings,
			boolean backstop) {
		this.target = target;
		this.connection = connection;
		this.preparedDetail = SqlDetail.prepared(sql, settings.maxSqlLength());
		this.settings = settings;
		this.backstop = backstop;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (name.startsWith("execute")) {
			return execute(method, args);
		}
		switch (name) {
			case "setQueryTimeout":
				invokeTarget(method, args);
				this.applicationTimeout = (Integer) args[0];
				return null;
			case "addBatch":
				if (this.firstBatchSql == null && args != null && args.length == 1 && args[0] instanceof String sql) {
					this.firstBatchSql = sql;
				}
				return invokeTarget(method, args);
			case "clearBatch":
				this.firstBatchSql = null;
				return invokeTarget(method, args);
			case "getConnection":
				return this.connection;
			default:
				Object answer = JdbcProxies.common(proxy, this.target, name, args);
				return (answer != JdbcProxies.NOT_COMMON) ? answer : invokeTarget(method, args);
		}
	}

	private Object execute(Method method, Object[] args) throws Throwable {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			return invokeTarget(method, args);
		}
		Phase phase = context.phases().start(PHASE, detail(method, args));
		long remainingNanos = deadline.usableNanos(0);
		if (remainingNanos == 0) {
			phase.end(Phase.DEADLINE);
			// out of time although the deadline may not have passed yet: answered as timed out
			context.markTimedOut(PHASE);
			throw new SQLTimeoutException("Statement not started: the request's deadline leaves no time",
					new DeadlineExceededException(PHASE, deadline));
		}
		this.cancelled = false;
		DeadlineHook hook = context.onDeadline(this);
		int restoreTimeout = -1;
		Throwable failure;
		try {
			restoreTimeout = applyBackstop(remainingNanos);
			// announced before the check: a cancel from now on sees it and is repeated
			this.executing = ++this.executions;
			if (this.cancelled) {
				// the deadline passed since the check above: a cancel sent before the statement
				// started would not stop it
				failure = new SQLTimeoutException("Statement not started: the request's deadline passed",
						new DeadlineExceededException(PHASE, deadline));
			}
			else {
				Object result = method.invoke(this.target, args);
				phase.end(Phase.OK);
				return result;
			}
		}
		catch (InvocationTargetException ex) {
			failure = ex.getCause();
		}
		catch (SQLException | RuntimeException | Error ex) {
			failure = ex;
		}
		finally {
			this.executing = 0;
			hook.close();
			if (method.getName().endsWith("Batch")) {
				this.firstBatchSql = null;
			}
			if (restoreTimeout >= 0) {
				restoreTimeout(restoreTimeout);
			}
		}
		throw failed(phase, deadline, failure);
	}

	private Throwable failed(Phase phase, Deadline deadline, Throwable failure) {
		if (!this.cancelled && !deadline.isExpired()) {
			phase.end(Phase.FAILED);
			return failure;
		}
		phase.end(Phase.DEADLINE);
		if (failure instanceof SQLException sql && !(failure instanceof SQLTimeoutException)) {
			return new SQLTimeoutException("Statement cancelled: the request's deadline passed (budget "
					+ deadline.budget().toMillis() + " ms)", sql.getSQLState(), sql.getErrorCode(), sql);
		}
		return failure;
	}

	/**
	 * Sets the driver's query timeout to the remaining budget in whole seconds, rounded up,
	 * unless the application's own timeout is shorter.
	 * @return the timeout to put back afterwards, or -1 if none was set
	 */
	private int applyBackstop(long remainingNanos) throws SQLException {
		if (!this.backstop) {
			return -1;
		}
		long seconds = (remainingNanos + 999_999_999L) / 1_000_000_000L;
		int current = this.applicationTimeout;
		if (current < 0) {
			current = this.target.getQueryTimeout();
			this.applicationTimeout = current;
		}
		if (current != 0 && current <= seconds) {
			return -1;
		}
		this.target.setQueryTimeout((int) Math.min(seconds, Integer.MAX_VALUE));
		return current;
	}

	private void restoreTimeout(int timeout) {
		try {
			this.target.setQueryTimeout(timeout);
		}
		catch (SQLException ex) {
			// closed on completion: nothing left to restore
		}
	}

	private String detail(Method method, Object[] args) {
		if (this.preparedDetail != null) {
			return this.preparedDetail;
		}
		if (args != null && args.length > 0 && args[0] instanceof String sql) {
			return SqlDetail.masked(sql, this.settings.maxSqlLength());
		}
		if (this.firstBatchSql != null) {
			return SqlDetail.masked(this.firstBatchSql, this.settings.maxSqlLength());
		}
		return method.getName();
	}

	/**
	 * Cancels the running statement (on the deadline watchdog's thread). Drivers ignore a
	 * cancel that arrives before the statement reached them (H2 while it parses, PostgreSQL
	 * before the query is sent), so while the same execution is still running the cancel is
	 * repeated on the watchdog, at growing intervals.
	 */
	@Override
	public void run() {
		this.cancelled = true;
		long execution = this.executing;
		cancel();
		if (execution != 0) {
			retryCancel(execution, 1);
		}
	}

	private void retryCancel(long execution, int attempt) {
		DeadlineWatchdog watchdog = this.settings.watchdog();
		if (watchdog == null || attempt > CANCEL_ATTEMPTS) {
			return;
		}
		long delayMillis = Math.min(1L << attempt, MAX_CANCEL_INTERVAL_MILLIS);
		watchdog.schedule(() -> {
			if (this.executing == execution) {
				cancel();
				retryCancel(execution, attempt + 1);
			}
		}, delayMillis * 1_000_000L);
	}

	private void cancel() {
		try {
			this.target.cancel();
		}
		catch (SQLException | RuntimeException ex) {
			// the driver's query timeout remains as the backstop
		}
	}

	private Object invokeTarget(Method method, Object[] args) throws Throwable {
		return JdbcProxies.invoke(this.target, method, args);
	}

}
