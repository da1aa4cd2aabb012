package io.middlewaretrace.jdbc;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} that lets listeners observe every borrow and, on the connections they
 * choose, every statement execution; it names no feature.
 * <ul>
 * <li>{@link ConnectionListener}s run around {@link #getConnection()} (they may bound the pool's
 * wait or refuse the borrow) and are told of every connection the pool hands out; a listener
 * that returns a {@link ConnectionLease} has it released when the connection is closed.</li>
 * <li>{@link StatementListener}s run around every {@code execute*} call of the statements of a
 * connection one of them observes.</li>
 * </ul>
 * A connection no listener follows or observes is the pool's own, untouched. The wrapper stays
 * unwrappable: {@link #unwrap(Class)} and {@link #isWrapperFor(Class)} reach the pool.
 *
 * @since 0.1.0
 */
public class ObservedDataSource implements DataSource, Closeable {

	private static final StatementListener[] NO_STATEMENT_LISTENERS = {};

	private final DataSource delegate;

	private final ConnectionPool pool;

	private final List<Object> listeners;

	private final ConnectionListener[] connectionListeners;

	private final StatementListener[] statementListeners;

	/**
	 * The first step of a borrow: the connection listeners in order, then the pool.
	 */
	private final ConnectionAcquisition acquisition;

	/**
	 * Wraps a data source.
	 * @param delegate the data source to wrap, usually the connection pool
	 * @param pool the pool behind {@code delegate}
	 * @param connectionListeners told of every borrow, in order, the first one outermost
	 * @param statementListeners around every statement execution of the connections they observe,
	 * in order, the first one outermost
	 */
	public ObservedDataSource(DataSource delegate, ConnectionPool pool,
			List<? extends ConnectionListener> connectionListeners,
			List<? extends StatementListener> statementListeners) {
		this.delegate = delegate;
		this.pool = pool;
		List<Object> listeners = new ArrayList<>(connectionListeners);
		listeners.addAll(statementListeners);
		this.listeners = List.copyOf(listeners);
		this.connectionListeners = new ConnectionListener[connectionListeners.size()];
		for (int i = 0; i < this.connectionListeners.length; i++) {
			this.connectionListeners[i] = connectionListeners.get(i).forPool(pool);
		}
		this.statementListeners = new StatementListener[statementListeners.size()];
		for (int i = 0; i < this.statementListeners.length; i++) {
			this.statementListeners[i] = statementListeners.get(i).forPool(pool);
		}
		ConnectionAcquisition acquisition = new PoolAcquisition(pool);
		for (int i = this.connectionListeners.length - 1; i >= 0; i--) {
			acquisition = new ListenedAcquisition(this.connectionListeners[i], acquisition);
		}
		this.acquisition = acquisition;
	}

	/**
	 * Returns the wrapped data source.
	 * @return the delegate
	 */
	public DataSource getDelegate() {
		return this.delegate;
	}

	/**
	 * Returns the pool behind the wrapped data source.
	 * @return the pool
	 */
	public ConnectionPool getPool() {
		return this.pool;
	}

	/**
	 * Returns the first listener of a type among those this data source was created with, as
	 * given (not the listener each made {@code forPool}).
	 * @param <T> the listener type
	 * @param type the listener type
	 * @return the listener, or {@code null} if none is of that type
	 */
	public <T> T getListener(Class<T> type) {
		for (Object listener : this.listeners) {
			if (type.isInstance(listener)) {
				return type.cast(listener);
			}
		}
		return null;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return observe(this.acquisition.proceed(ConnectionAcquisition.NO_LIMIT));
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return observe(this.delegate.getConnection(username, password));
	}

	private Connection observe(Connection connection) throws SQLException {
		if (ConnectionHandler.isWrapped(connection)) {
			return connection;
		}
		boolean observed = false;
		try {
			for (StatementListener listener : this.statementListeners) {
				// every listener is asked: it may prepare for the connection's statements
				observed |= listener.observes(connection);
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		ConnectionLease lease = null;
		for (ConnectionListener listener : this.connectionListeners) {
			ConnectionLease borrowed = listener.borrowed(connection);
			if (borrowed != null) {
				lease = (lease != null) ? new BothLeases(lease, borrowed) : borrowed;
			}
		}
		if (!observed && lease == null) {
			return connection;
		}
		return ConnectionHandler.wrap(connection, lease, observed ? this.statementListeners : null);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		if (iface.isInstance(this.delegate)) {
			return (T) this.delegate;
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.delegate) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	/**
	 * Closes the wrapped data source if it can be closed, so a container that closes this bean
	 * still shuts the pool down.
	 * @throws IOException if closing failed
	 */
	@Override
	public void close() throws IOException {
		if (this.delegate instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (IOException | RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IOException(ex);
			}
		}
	}

	@Override
	public String toString() {
		return "ObservedDataSource[" + this.delegate + "]";
	}

	/**
	 * One connection listener's step of a borrow, made once per data source so that a borrow
	 * allocates nothing to pass through the listeners.
	 */
	private static final class ListenedAcquisition implements ConnectionAcquisition {

		private final ConnectionListener listener;

		private final ConnectionAcquisition next;

		ListenedAcquisition(ConnectionListener listener, ConnectionAcquisition next) {
			this.listener = listener;
			this.next = next;
		}

		@Override
		public ConnectionPool pool() {
			return this.next.pool();
		}

		@Override
		public Connection proceed(long maxWaitNanos) throws SQLException {
			return this.listener.acquire(this.next, maxWaitNanos);
		}

	}

	/**
	 * The last step of a borrow: the pool.
	 */
	private static final class PoolAcquisition implements ConnectionAcquisition {

		private final ConnectionPool pool;

		PoolAcquisition(ConnectionPool pool) {
			this.pool = pool;
		}

		@Override
		public ConnectionPool pool() {
			return this.pool;
		}

		@Override
		public Connection proceed(long maxWaitNanos) throws SQLException {
			return this.pool.getConnection(maxWaitNanos);
		}

	}

	/**
	 * The leases of two listeners that follow the same borrow: the pool connection is the
	 * borrower's to close only while neither was reclaimed.
	 */
	private static final class BothLeases implements ConnectionLease {

		private final ConnectionLease first;

		private final ConnectionLease second;

		BothLeases(ConnectionLease first, ConnectionLease second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public boolean release() {
			// both released, whatever the first answers
			boolean first = this.first.release();
			boolean second = this.second.release();
			return first && second;
		}

		@Override
		public boolean isReclaimed() {
			return this.first.isReclaimed() || this.second.isReclaimed();
		}

	}

}
