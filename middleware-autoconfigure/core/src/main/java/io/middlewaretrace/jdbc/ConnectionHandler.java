package io.middlewaretrace.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * A connection handed out by an {@link ObservedDataSource}. Observed by statement listeners,
 * every statement it creates is wrapped by a {@link StatementHandler}; with a lease, closing or
 * aborting it releases the {@link ConnectionLease}, and once the lease was reclaimed it refuses
 * every use without touching the pool again. Everything else goes to the pool's connection
 * unchanged.
 */
final class ConnectionHandler implements InvocationHandler {

	// proxy classes made once: Proxy.newProxyInstance looks its class up on every call
	private static final Constructor<?> CONNECTION = proxyConstructor(Connection.class);

	private static final Constructor<?> STATEMENT = proxyConstructor(Statement.class);

	private static final Constructor<?> PREPARED_STATEMENT = proxyConstructor(PreparedStatement.class);

	private static final Constructor<?> CALLABLE_STATEMENT = proxyConstructor(CallableStatement.class);

	private final Connection target;

	private final ConnectionLease lease;

	private final StatementListener[] statementListeners;

	private Connection proxy;

	private ConnectionHandler(Connection target, ConnectionLease lease, StatementListener[] statementListeners) {
		this.target = target;
		this.lease = lease;
		this.statementListeners = statementListeners;
	}

	/**
	 * Wraps a borrowed connection.
	 * @param target the pool's connection
	 * @param lease the lease to release on close, or {@code null} when no listener follows the
	 * borrow
	 * @param statementListeners the listeners around every execution of its statements, or
	 * {@code null} to leave the statements the driver's own
	 * @return the wrapped connection
	 */
	static Connection wrap(Connection target, ConnectionLease lease, StatementListener[] statementListeners) {
		ConnectionHandler handler = new ConnectionHandler(target, lease, statementListeners);
		Connection proxy = (Connection) newProxy(CONNECTION, handler);
		handler.proxy = proxy;
		return proxy;
	}

	/**
	 * Returns whether {@code connection} is already wrapped by this class.
	 * @param connection a connection
	 * @return whether it is wrapped
	 */
	static boolean isWrapped(Connection connection) {
		return Proxy.isProxyClass(connection.getClass())
				&& Proxy.getInvocationHandler(connection) instanceof ConnectionHandler;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (this.lease != null) {
			switch (name) {
				case "close":
					if (this.lease.release()) {
						this.target.close();
					}
					return null;
				case "abort":
					if (this.lease.release()) {
						this.target.abort((Executor) args[0]);
					}
					return null;
				default:
					if (this.lease.isReclaimed()) {
						return reclaimed(proxy, name, args);
					}
			}
		}
		if (this.statementListeners == null) {
			Object answer = JdbcProxies.common(proxy, this.target, name, args);
			return (answer != JdbcProxies.NOT_COMMON) ? answer : invokeTarget(method, args);
		}
		switch (name) {
			case "createStatement":
				return statement(STATEMENT, invokeTarget(method, args), null);
			case "prepareStatement":
				return statement(PREPARED_STATEMENT, invokeTarget(method, args), (String) args[0]);
			case "prepareCall":
				return statement(CALLABLE_STATEMENT, invokeTarget(method, args), (String) args[0]);
			default:
				Object answer = JdbcProxies.common(proxy, this.target, name, args);
				return (answer != JdbcProxies.NOT_COMMON) ? answer : invokeTarget(method, args);
		}
	}

	/**
	 * Answers a call on a connection whose lease was reclaimed: the pool connection belongs to
	 * the pool again (or was closed), so nothing reaches it.
	 */
	private Object reclaimed(Object proxy, String name, Object[] args) throws SQLException {
		switch (name) {
			case "isClosed":
				return true;
			case "isValid":
				return false;
			case "equals":
			case "hashCode":
			case "toString":
				return JdbcProxies.common(proxy, this.target, name, args);
			default:
				throw new SQLException("Connection was reclaimed by middleware-trace: it was still held after the "
						+ "request that borrowed it had ended (leak); borrow a new connection and close it when done",
						"08003");
		}
	}

	private Object statement(Constructor<?> type, Object statement, String preparedSql) {
		StatementHandler handler = new StatementHandler((Statement) statement, this.proxy, preparedSql,
				this.statementListeners);
		return newProxy(type, handler);
	}

	private static Constructor<?> proxyConstructor(Class<?> type) {
		Object sample = Proxy.newProxyInstance(ConnectionHandler.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> null);
		try {
			return sample.getClass().getConstructor(InvocationHandler.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Proxy class without its documented constructor", ex);
		}
	}

	private static Object newProxy(Constructor<?> type, InvocationHandler handler) {
		try {
			return type.newInstance(handler);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create a JDBC proxy", ex);
		}
	}

	private Object invokeTarget(Method method, Object[] args) throws Throwable {
		return JdbcProxies.invoke(this.target, method, args);
	}

}
