package io.middlewaretrace.deadline.jdbc;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineWatchdog;

/**
 * A {@link DataSource} that bounds what a request waits on in the database by the request's
 * {@link Deadline}. For a thread working on behalf of a request with a deadline:
 * <ul>
 * <li>borrowing a connection waits at most the remaining budget (for a HikariCP pool, even when
 * its {@code connectionTimeout} is longer) and fails at once, without touching the pool, when
 * the budget is spent (less than a millisecond left, {@link Deadline#usableNanos(long)}: the
 * request is then marked timed out); recorded as a {@code jdbc.acquire} phase naming the pool;</li>
 * <li>every statement execution is refused when the budget is spent (the same way), cancelled with
 * {@link java.sql.Statement#cancel()} when the deadline passes, and has the driver's query
 * timeout (whole seconds, rounded up) as a backstop, put back afterwards; recorded as a
 * {@code jdbc.execute} phase with its SQL text, never parameter values.</li>
 * </ul>
 * Without a request or a deadline, connections are the pool's own, untouched, unless a
 * {@link ConnectionTracker} is given: then every borrow, with or without a request or deadline,
 * is reported to it and the connection handed out releases the tracker's lease when closed
 * (statements are still only wrapped under a deadline). With deadlines off, the wrapper only
 * tracks. The wrapper stays unwrappable: {@link #unwrap(Class)} and {@link #isWrapperFor(Class)} reach the pool.
 *
 * @since 0.1.0
 */
public class DeadlineAwareDataSource implements DataSource, Closeable {

	/**
	 * Name of the phase that borrows a connection.
	 */
	public static final String ACQUIRE_PHASE = "jdbc.acquire";

	/**
	 * Name of the phase that runs a statement.
	 */
	public static final String EXECUTE_PHASE = DeadlineStatementHandler.PHASE;

	private static final String HIKARI_DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";

	private final DataSource delegate;

	private final ConnectionAcquisition acquisition;

	private final JdbcDeadlineSettings settings;

	private final boolean deadlines;

	private final ConnectionTracker tracker;

	/**
	 * Whether the driver keeps its query timeout per session (H2), known from the first
	 * connection; {@code null} before.
	 */
	private volatile Boolean sessionQueryTimeout;

	/**
	 * Wraps a data source.
	 * @param delegate the data source to wrap, usually the connection pool
	 * @param name a name for the pool where the pool has none (the bean name)
	 * @param queryTimeoutBackstop whether to set the driver's query timeout from the remaining
	 * budget as a backstop to cancellation
	 * @param maxSqlLength characters of SQL kept in a {@code jdbc.execute} phase, positive
	 * @param watchdog the shared deadline timer, used to repeat a cancel that reached the driver
	 * before the statement did; {@code null} to cancel once
	 */
	public DeadlineAwareDataSource(DataSource delegate, String name, boolean queryTimeoutBackstop, int maxSqlLength,
			DeadlineWatchdog watchdog) {
		this(delegate, name, true, queryTimeoutBackstop, maxSqlLength, watchdog, null);
	}

	/**
	 * Wraps a data source, with or without deadlines and connection tracking.
	 * @param delegate the data source to wrap, usually the connection pool
	 * @param name a name for the pool where the pool has none (the bean name)
	 * @param deadlines whether borrows and statements are bounded by the request's deadline
	 * @param queryTimeoutBackstop whether to set the driver's query timeout from the remaining
	 * budget as a backstop to cancellation
	 * @param maxSqlLength characters of SQL kept in a {@code jdbc.execute} phase, positive
	 * @param watchdog the shared deadline timer, used to repeat a cancel that reached the driver
	 * before the statement did; {@code null} to cancel once
	 * @param tracker told of every borrow, or {@code null} not to track connections
	 */
	public DeadlineAwareDataSource(DataSource delegate, String name, boolean deadlines, boolean queryTimeoutBackstop,
			int maxSqlLength, DeadlineWatchdog watchdog, ConnectionTracker tracker) {
		if (maxSqlLength <= 0) {
			throw new IllegalArgumentException("maxSqlLength must be positive, but was " + maxSqlLength);
		}
		this.delegate = delegate;
		this.acquisition = acquisition(delegate, name);
		this.settings = new JdbcDeadlineSettings(queryTimeoutBackstop, maxSqlLength, watchdog);
		this.deadlines = deadlines;
		this.tracker = tracker;
	}

	private static ConnectionAcquisition acquisition(DataSource delegate, String name) {
		if (isHikari(delegate)) {
			return HikariAcquisition.of(delegate);
		}
		return new ConnectionAcquisition.Plain(delegate, name);
	}

	private static boolean isHikari(DataSource delegate) {
		// the pool's own wait can only be shortened when this wrapper sits right on the pool
		Class<?> type = delegate.getClass();
		while (type != null) {
			if (type.getName().equals(HIKARI_DATA_SOURCE)) {
				return true;
			}
			type = type.getSuperclass();
		}
		return false;
	}

	/**
	 * Returns the wrapped data source.
	 * @return the delegate
	 */
	public DataSource getDelegate() {
		return this.delegate;
	}

	/**
	 * Returns the tracker told of every borrow.
	 * @return the tracker, or {@code null} when connections are not tracked
	 */
	public ConnectionTracker getTracker() {
		return this.tracker;
	}

	@Override
	public Connection getConnection() throws SQLException {
		DefaultRequestContext context = this.deadlines ? RequestContextHolder.get() : null;
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			Connection connection = this.delegate.getConnection();
			return (this.tracker != null) ? track(connection) : connection;
		}
		Phase phase = context.phases().start(ACQUIRE_PHASE, this.acquisition.poolName());
		long remainingNanos = deadline.usableNanos(0);
		if (remainingNanos == 0) {
			phase.end(Phase.DEADLINE);
			// out of time although the deadline may not have passed yet: answered as timed out
			context.markTimedOut(ACQUIRE_PHASE);
			throw new SQLTransientConnectionException("Connection not requested: the request's deadline leaves no time",
					new DeadlineExceededException(ACQUIRE_PHASE, deadline));
		}
		Connection connection;
		try {
			connection = this.acquisition.acquire(remainingNanos);
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
		return wrap(connection);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		Connection connection = this.delegate.getConnection(username, password);
		DefaultRequestContext context = this.deadlines ? RequestContextHolder.get() : null;
		if (context != null && context.deadline() != null) {
			return wrap(connection);
		}
		return (this.tracker != null) ? track(connection) : connection;
	}

	private Connection wrap(Connection connection) throws SQLException {
		if (DeadlineConnectionHandler.isWrapped(connection)) {
			return connection;
		}
		boolean backstop;
		try {
			backstop = this.settings.queryTimeoutBackstop() && !isSessionQueryTimeout(connection);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		ConnectionLease lease = (this.tracker != null) ? this.tracker.borrowed(connection) : null;
		return DeadlineConnectionHandler.wrap(connection, this.settings, backstop, true, lease);
	}

	/**
	 * Wraps a connection borrowed without a deadline only so that closing it releases its lease:
	 * its statements stay the pool's own.
	 */
	private Connection track(Connection connection) {
		if (DeadlineConnectionHandler.isWrapped(connection)) {
			return connection;
		}
		return DeadlineConnectionHandler.wrap(connection, this.settings, false, false,
				this.tracker.borrowed(connection));
	}

	/**
	 * H2 keeps the query timeout per session ({@code SET QUERY_TIMEOUT}), not per statement:
	 * setting it would leak to the next borrower unless put back with a second round trip, so
	 * on H2 statements are bounded by cancellation alone.
	 */
	private boolean isSessionQueryTimeout(Connection connection) throws SQLException {
		Boolean session = this.sessionQueryTimeout;
		if (session == null) {
			session = "H2".equals(connection.getMetaData().getDatabaseProductName());
			this.sessionQueryTimeout = session;
		}
		return session;
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
		return "DeadlineAwareDataSource[" + this.delegate + "]";
	}

}
