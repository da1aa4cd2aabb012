package io.middlewaretrace.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

/**
 * A statement (plain, prepared or callable) of a connection observed by statement listeners:
 * every {@code execute*} call runs through the listeners, in order, then the driver. It
 * remembers what the listeners may ask about the statement (its SQL, the application's query
 * timeout) and is its own cancel hook. Everything else goes to the driver's statement.
 */
final class StatementHandler implements InvocationHandler, StatementExecution, Runnable {

	private final Statement target;

	private final Connection connection;

	private final String preparedSql;

	private final StatementListener[] listeners;

	/**
	 * Query timeout the application set, -1 until read or set.
	 */
	private int applicationTimeout = -1;

	private String firstBatchSql;

	/**
	 * The prepared SQL as {@link #sql(int)} last cut it, once per statement rather than per
	 * execution; 0 until then.
	 */
	private int preparedDetailLength;

	private String preparedDetail;

	private Method method;

	private Object[] args;

	/**
	 * Index of the listener {@link #proceed()} calls next.
	 */
	private int nextListener;

	private boolean refused;

	private volatile boolean cancelled;

	/**
	 * Number of the execution the driver runs, 0 while none runs.
	 */
	private volatile long executing;

	private long executions;

	StatementHandler(Statement target, Connection connection, String preparedSql, StatementListener[] listeners) {
		this.target = target;
		this.connection = connection;
		this.preparedSql = preparedSql;
		this.listeners = listeners;
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

	private Object execute(Method method, Object[] args) throws SQLException {
		this.method = method;
		this.args = args;
		this.nextListener = 0;
		this.refused = false;
		this.cancelled = false;
		try {
			return proceed();
		}
		finally {
			if (method.getName().endsWith("Batch")) {
				this.firstBatchSql = null;
			}
			this.method = null;
			this.args = null;
		}
	}

	@Override
	public Object proceed() throws SQLException {
		int index = this.nextListener;
		if (index < this.listeners.length) {
			this.nextListener = index + 1;
			try {
				return this.listeners[index].execute(this);
			}
			finally {
				this.nextListener = index;
			}
		}
		// announced before the check: a cancel from now on sees it and can be repeated
		this.executing = ++this.executions;
		try {
			if (this.cancelled) {
				// a cancel sent before the statement reached the driver would not stop it
				this.refused = true;
				throw new SQLTimeoutException("Statement not started: it was cancelled");
			}
			return this.method.invoke(this.target, this.args);
		}
		catch (InvocationTargetException ex) {
			throw rethrow(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("JDBC method not accessible: " + this.method, ex);
		}
		finally {
			this.executing = 0;
		}
	}

	/**
	 * Rethrows what the driver threw: an {@code execute*} method declares only
	 * {@link SQLException}.
	 */
	private static SQLException rethrow(Throwable failure) {
		if (failure instanceof SQLException sql) {
			return sql;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new SQLException(failure);
	}

	@Override
	public Statement statement() {
		return this.target;
	}

	@Override
	public String methodName() {
		return this.method.getName();
	}

	@Override
	public String sql(int maxLength) {
		if (this.preparedSql != null) {
			if (this.preparedDetailLength != maxLength) {
				this.preparedDetail = SqlDetail.prepared(this.preparedSql, maxLength);
				this.preparedDetailLength = maxLength;
			}
			return this.preparedDetail;
		}
		if (this.args != null && this.args.length > 0 && this.args[0] instanceof String sql) {
			return SqlDetail.masked(sql, maxLength);
		}
		if (this.firstBatchSql != null) {
			return SqlDetail.masked(this.firstBatchSql, maxLength);
		}
		return null;
	}

	@Override
	public int queryTimeout() throws SQLException {
		int timeout = this.applicationTimeout;
		if (timeout < 0) {
			timeout = this.target.getQueryTimeout();
			this.applicationTimeout = timeout;
		}
		return timeout;
	}

	@Override
	public Runnable canceller() {
		return this;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public boolean isRefused() {
		return this.refused;
	}

	/**
	 * Cancels the running execution, on the thread that decided it must stop.
	 */
	@Override
	public void run() {
		this.cancelled = true;
		long execution = this.executing;
		cancel();
		if (execution != 0) {
			for (StatementListener listener : this.listeners) {
				listener.cancelled(this, execution);
			}
		}
	}

	@Override
	public boolean cancelAgain(long execution) {
		if (this.executing != execution) {
			return false;
		}
		cancel();
		return true;
	}

	private void cancel() {
		try {
			this.target.cancel();
		}
		catch (SQLException | RuntimeException ex) {
			// what a listener set up for the execution (a query timeout) remains
		}
	}

	private Object invokeTarget(Method method, Object[] args) throws Throwable {
		return JdbcProxies.invoke(this.target, method, args);
	}

}
