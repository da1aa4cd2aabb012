package io.middlewaretrace.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservedDataSource} on H2 (in memory) behind a HikariCP pool of one
 * connection, with listeners that record what they are told.
 */
class ObservedDataSourceTests {

	private static final String SLOW_SQL = "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) A, SYSTEM_RANGE(1, 100000) B "
			+ "WHERE A.X + B.X = 0";

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private HikariDataSource pool;

	private ConnectionPool connectionPool;

	@BeforeEach
	void createPool() {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.pool.setPoolName("observed");
		this.pool.setMaximumPoolSize(1);
		this.pool.setConnectionTimeout(30_000);
		this.connectionPool = new HikariConnectionPool(this.pool, this.pool, "dataSource");
	}

	@AfterEach
	void closePool() {
		this.scheduler.shutdownNow();
		this.pool.close();
	}

	@Test
	void connectionNoListenerFollowsIsThePoolsOwn() throws Exception {
		ObservedDataSource dataSource = observed(List.of(new Recording("a", false)), List.of(new Observing(false)));
		try (Connection connection = dataSource.getConnection()) {
			assertThat(Proxy.isProxyClass(connection.getClass())).isFalse();
			assertThat(connection.getClass().getName()).startsWith("com.zaxxer.hikari");
		}
		assertThat(this.events).containsExactly("a:acquire observed", "a:acquired", "a:borrowed");
	}

	@Test
	void connectionListenersRunAroundTheBorrowFirstOneOutermost() throws Exception {
		ObservedDataSource dataSource = observed(List.of(new Recording("a", true), new Recording("b", true)),
				List.of());
		Connection connection = dataSource.getConnection();
		assertThat(this.events).containsExactly("a:acquire observed", "b:acquire observed", "b:acquired",
				"a:acquired", "a:borrowed", "b:borrowed");
		this.events.clear();
		connection.close();
		connection.close();
		assertThat(this.events).containsExactly("a:released", "b:released");
		assertThat(this.pool.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@Test
	void boundedBorrowWaitsAtMostTheBoundEvenWhenThePoolsTimeoutIsLonger() throws Exception {
		ConnectionListener bounded = new ConnectionListener() {

			@Override
			public Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
				return acquisition.proceed(Math.min(maxWaitNanos, Duration.ofMillis(200).toNanos()));
			}

		};
		ObservedDataSource dataSource = observed(List.of(bounded), List.of());
		try (Connection held = dataSource.getConnection()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
					Duration.ofSeconds(5));
		}
	}

	@Test
	void listenerThatRefusesTheBorrowKeepsItFromThePool() {
		ConnectionListener refusing = new ConnectionListener() {

			@Override
			public Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
				throw new SQLTransientConnectionException("refused");
			}

		};
		ObservedDataSource dataSource = observed(List.of(refusing), List.of());
		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection)
			.withMessage("refused");
		assertThat(this.pool.getHikariPoolMXBean()).isNull();
	}

	@Test
	void reclaimedLeaseRefusesEveryUseAndLeavesThePoolConnectionAlone() throws Exception {
		Lease lease = new Lease();
		List<Connection> borrowed = new ArrayList<>();
		ConnectionListener leasing = new ConnectionListener() {

			@Override
			public ConnectionLease borrowed(Connection poolConnection) {
				borrowed.add(poolConnection);
				return lease;
			}

		};
		ObservedDataSource dataSource = observed(List.of(leasing), List.of());
		Connection connection = dataSource.getConnection();
		Connection poolConnection = borrowed.get(0);
		lease.reclaimed = true;
		assertThatExceptionOfType(SQLException.class).isThrownBy(connection::createStatement)
			.withMessageContaining("reclaimed");
		assertThat(connection.isClosed()).isTrue();
		connection.close();
		assertThat(poolConnection.isClosed()).isFalse();
		poolConnection.close();
	}

	@Test
	void statementListenersRunAroundEveryExecutionWithTheSqlFitToRecord() throws Exception {
		Observing outer = new Observing(true);
		Observing inner = new Observing(true);
		ObservedDataSource dataSource = observed(List.of(), List.of(outer, inner));
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				PreparedStatement prepared = connection.prepareStatement("SELECT ? + 1 FROM DUAL WHERE 'x' = ? AND 1 = 1")) {
			statement.executeQuery("SELECT 42, 'secret' FROM DUAL").close();
			prepared.setInt(1, 1);
			prepared.setString(2, "x");
			try (ResultSet result = prepared.executeQuery()) {
				assertThat(result.next()).isTrue();
				assertThat(result.getInt(1)).isEqualTo(2);
			}
			statement.addBatch("CREATE TABLE T (X INT)");
			statement.addBatch("INSERT INTO T VALUES (7)");
			statement.executeBatch();
			assertThat(prepared.getConnection()).isSameAs(connection);
		}
		// plain SQL masked, prepared SQL only cut: its values are parameters
		assertThat(this.events).containsExactly("before executeQuery SELECT ?, '?' FROM DUAL",
				"before executeQuery SELECT ?, '?' FROM DUAL", "after", "after",
				"before executeQuery SELECT ? + 1 FROM DUAL WHERE 'x' = ? AND...",
				"before executeQuery SELECT ? + 1 FROM DUAL WHERE 'x' = ? AND...", "after", "after",
				"before executeBatch CREATE TABLE T (X INT)", "before executeBatch CREATE TABLE T (X INT)", "after",
				"after");
	}

	@Test
	void statementsOfAConnectionNoListenerObservesAreTheDriversOwn() throws Exception {
		ObservedDataSource dataSource = observed(List.of(new Recording("a", true)), List.of(new Observing(false)));
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			assertThat(Proxy.isProxyClass(connection.getClass())).isTrue();
			assertThat(Proxy.isProxyClass(statement.getClass())).isFalse();
		}
	}

	@Test
	void listenerThatFailsToObserveFailsTheBorrowAndTheConnectionGoesBack() throws Exception {
		StatementListener failing = new Observing(true) {

			@Override
			public boolean observes(Connection poolConnection) throws SQLException {
				throw new SQLException("cannot observe");
			}

		};
		ObservedDataSource dataSource = observed(List.of(new Recording("a", true)), List.of(failing));
		assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
			.withMessage("cannot observe");
		assertThat(this.events).doesNotContain("a:borrowed");
		assertThat(this.pool.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@Test
	void cancellerStopsTheRunningExecutionAndTellsTheListeners() throws Exception {
		List<Long> cancelled = new CopyOnWriteArrayList<>();
		StatementExecution[] seen = new StatementExecution[1];
		StatementListener cancelling = new Observing(true) {

			@Override
			public Object execute(StatementExecution execution) throws SQLException {
				seen[0] = execution;
				ScheduledFuture<?> cancel = ObservedDataSourceTests.this.scheduler.schedule(execution.canceller(), 300,
						TimeUnit.MILLISECONDS);
				try {
					return execution.proceed();
				}
				finally {
					cancel.cancel(false);
				}
			}

			@Override
			public void cancelled(StatementExecution statement, long execution) {
				cancelled.add(execution);
			}

		};
		ObservedDataSource dataSource = observed(List.of(), List.of(cancelling));
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeQuery(SLOW_SQL));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			assertThat(seen[0].isCancelled()).isTrue();
			assertThat(seen[0].isRefused()).isFalse();
			assertThat(cancelled).containsExactly(1L);
			assertThat(seen[0].cancelAgain(1L)).isFalse();
		}
	}

	@Test
	void executionCancelledBeforeItReachesTheDriverIsRefused() throws Exception {
		StatementExecution[] seen = new StatementExecution[1];
		StatementListener cancelFirst = new Observing(true) {

			@Override
			public Object execute(StatementExecution execution) throws SQLException {
				seen[0] = execution;
				execution.canceller().run();
				return execution.proceed();
			}

		};
		ObservedDataSource dataSource = observed(List.of(), List.of(cancelFirst));
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLTimeoutException.class)
				.isThrownBy(() -> statement.execute("CREATE TABLE REFUSED (X INT)"))
				.withMessageContaining("not started");
			assertThat(seen[0].isRefused()).isTrue();
		}
		try (Connection connection = this.pool.getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, "REFUSED", null)) {
			assertThat(tables.next()).isFalse();
		}
	}

	@Test
	void applicationsQueryTimeoutIsKnownWithoutTheListenersOwnChanges() throws Exception {
		List<Integer> timeouts = new ArrayList<>();
		StatementListener reading = new Observing(true) {

			@Override
			public Object execute(StatementExecution execution) throws SQLException {
				timeouts.add(execution.queryTimeout());
				execution.statement().setQueryTimeout(99);
				timeouts.add(execution.queryTimeout());
				return execution.proceed();
			}

		};
		ObservedDataSource dataSource = observed(List.of(), List.of(reading));
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT 1").close();
			statement.setQueryTimeout(7);
			statement.executeQuery("SELECT 1").close();
			statement.setQueryTimeout(0);
		}
		assertThat(timeouts).containsExactly(0, 0, 7, 7);
	}

	@Test
	void wrapperUnwrapsToThePoolAndNamesItsListeners() throws Exception {
		Recording recording = new Recording("a", true);
		ObservedDataSource dataSource = observed(List.of(recording), List.of());
		assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
			.isSameAs(this.pool);
		assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(this.pool);
		assertThat(dataSource.getListener(Recording.class)).isSameAs(recording);
		assertThat(dataSource.getListener(Observing.class)).isNull();
		assertThat(dataSource.getPool().name()).isEqualTo("observed");
	}

	private ObservedDataSource observed(List<ConnectionListener> connectionListeners,
			List<StatementListener> statementListeners) {
		return new ObservedDataSource(this.pool, this.connectionPool, connectionListeners, statementListeners);
	}

	/**
	 * Records the borrows it sees, with a lease when it follows them.
	 */
	private final class Recording implements ConnectionListener {

		private final String name;

		private final boolean follows;

		Recording(String name, boolean follows) {
			this.name = name;
			this.follows = follows;
		}

		@Override
		public ConnectionListener forPool(ConnectionPool pool) {
			// stateless: one listener serves every pool
			return this;
		}

		@Override
		public Connection acquire(ConnectionAcquisition acquisition, long maxWaitNanos) throws SQLException {
			ObservedDataSourceTests.this.events.add(this.name + ":acquire " + acquisition.pool().name());
			Connection connection = acquisition.proceed(maxWaitNanos);
			ObservedDataSourceTests.this.events.add(this.name + ":acquired");
			return connection;
		}

		@Override
		public ConnectionLease borrowed(Connection poolConnection) {
			ObservedDataSourceTests.this.events.add(this.name + ":borrowed");
			if (!this.follows) {
				return null;
			}
			Lease lease = new Lease();
			lease.onRelease = () -> ObservedDataSourceTests.this.events.add(this.name + ":released");
			return lease;
		}

	}

	/**
	 * Observes the statements of every connection or of none, recording each execution.
	 */
	private class Observing implements StatementListener {

		private final boolean observes;

		Observing(boolean observes) {
			this.observes = observes;
		}

		@Override
		public boolean observes(Connection poolConnection) throws SQLException {
			return this.observes;
		}

		@Override
		public Object execute(StatementExecution execution) throws SQLException {
			ObservedDataSourceTests.this.events.add("before " + execution.methodName() + " " + execution.sql(40));
			try {
				return execution.proceed();
			}
			finally {
				ObservedDataSourceTests.this.events.add("after");
			}
		}

	}

	private static final class Lease implements ConnectionLease {

		volatile boolean released;

		volatile boolean reclaimed;

		Runnable onRelease = () -> {
		};

		@Override
		public boolean release() {
			if (this.released) {
				return false;
			}
			this.released = true;
			this.onRelease.run();
			return !this.reclaimed;
		}

		@Override
		public boolean isReclaimed() {
			return this.reclaimed;
		}

	}

}
