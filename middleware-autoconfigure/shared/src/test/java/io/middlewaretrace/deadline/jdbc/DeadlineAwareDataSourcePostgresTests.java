package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

import io.middlewaretrace.context.Phase;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Plain JDBC through an {@link ObservedDataSource} with the JDBC deadline listeners on a real
 * (embedded) PostgreSQL and a HikariCP pool of one connection, with the shared deadline watchdog
 * and no servlet container.
 */
class DeadlineAwareDataSourcePostgresTests {

	private HikariDataSource pool;

	private ObservedDataSource dataSource;

	@BeforeEach
	void createPool() {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(SharedPostgres.jdbcUrl());
		this.pool.setUsername("postgres");
		this.pool.setPoolName("pg-test");
		this.pool.setMaximumPoolSize(1);
		this.pool.setConnectionTimeout(30_000);
		this.dataSource = new ObservedDataSource(this.pool,
				new HikariConnectionPool(this.pool, this.pool, "dataSource"), List.of(new DeadlineConnectionListener()),
				List.of(new DeadlineStatementListener(true, 200, TestDeadlines.WATCHDOG)));
	}

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void statementIsCancelledAtTheDeadlineWithMillisecondPrecision() throws Exception {
		long[] overshoots = new long[3];
		for (int i = 0; i < 3; i++) {
			try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(300));
					Connection connection = this.dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement("select pg_sleep(?)")) {
				statement.setDouble(1, 5);
				assertThatExceptionOfType(SQLTimeoutException.class).isThrownBy(statement::executeQuery);
				overshoots[i] = request.overshootMillis();
				Phase phase = request.context.phases().list().get(1);
				assertThat(phase.name()).isEqualTo("jdbc.execute");
				assertThat(phase.detail()).isEqualTo("select pg_sleep(?)");
				assertThat(phase.outcome()).isEqualTo(Phase.DEADLINE);
				assertThat(request.state.timedOutPhase()).isEqualTo("jdbc.execute");
			}
		}
		TestDeadlines.assertPrecise(overshoots);
	}

	@Test
	void queryTimeoutIsTheBackstopWhenNothingCancels() throws Exception {
		long start = System.nanoTime();
		try (TestDeadlines request = TestDeadlines.unwatched(Duration.ofMillis(300));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("select pg_sleep(5)"));
		}
		// the budget rounded up to whole seconds, far from the 5 s the statement asked for
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofMillis(2500));
	}

	@Test
	void applicationsShorterQueryTimeoutIsKeptAndPutBack() throws Exception {
		long start = System.nanoTime();
		try (TestDeadlines request = TestDeadlines.unwatched(Duration.ofSeconds(20));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(1);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("select pg_sleep(5)"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
			assertThat(statement.getQueryTimeout()).isEqualTo(1);
			assertThat(statement.unwrap(org.postgresql.PGStatement.class)).isNotNull();
			assertThat(((Statement) statement.unwrap(org.postgresql.PGStatement.class)).getQueryTimeout())
				.isEqualTo(1);
		}
	}

	@Test
	void budgetQueryTimeoutIsPutBackAfterTheStatement() throws Exception {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(20));
				Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("select 1")) {
			statement.setQueryTimeout(60);
			statement.executeQuery().close();
			Statement driverStatement = (Statement) statement.unwrap(org.postgresql.PGStatement.class);
			assertThat(driverStatement.getQueryTimeout()).isEqualTo(60);
		}
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(20));
				Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("select 1")) {
			statement.executeQuery().close();
			Statement driverStatement = (Statement) statement.unwrap(org.postgresql.PGStatement.class);
			assertThat(driverStatement.getQueryTimeout()).isZero();
		}
	}

	@Test
	void connectionIsReusableAfterACancelledAutocommitStatement() throws Exception {
		cancelSleep(false);
		assertNextBorrowerGetsAHealthyConnection();
	}

	@Test
	void connectionIsReusableAfterACancelledStatementInATransaction() throws Exception {
		cancelSleep(true);
		assertNextBorrowerGetsAHealthyConnection();
	}

	private void cancelSleep(boolean transaction) throws SQLException {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(200));
				Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(!transaction);
			try (Statement statement = connection.createStatement()) {
				statement.execute("create temporary table if not exists t (x int)");
				assertThatExceptionOfType(SQLTimeoutException.class)
					.isThrownBy(() -> statement.execute("select pg_sleep(5)"));
			}
			// closed without a rollback: the pool must clean up the aborted transaction
		}
	}

	private void assertNextBorrowerGetsAHealthyConnection() throws SQLException {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(5));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 42, current_setting('statement_timeout')")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(42);
			assertThat(result.getString(2)).isEqualTo("0");
			assertThat(connection.getAutoCommit()).isTrue();
		}
		assertThat(this.pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
		assertThat(this.pool.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@Test
	void acquisitionWaitsOnlyTheRemainingBudgetWhenThePoolIsExhausted() throws Exception {
		long[] overshoots = new long[3];
		try (Connection held = this.dataSource.getConnection()) {
			for (int i = 0; i < overshoots.length; i++) {
				try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(300))) {
					SQLTransientConnectionException ex = org.junit.jupiter.api.Assertions
						.assertThrows(SQLTransientConnectionException.class, () -> this.dataSource.getConnection());
					overshoots[i] = request.overshootMillis();
					assertThat(ex.getCause()).isInstanceOf(DeadlineExceededException.class);
					Phase phase = request.context.phases().list().get(0);
					assertThat(phase.name()).isEqualTo("jdbc.acquire");
					assertThat(phase.detail()).isEqualTo("pg-test");
					assertThat(phase.outcome()).isEqualTo(Phase.DEADLINE);
				}
			}
		}
		// far from the pool's 30 s connection timeout
		TestDeadlines.assertPrecise(overshoots);
	}

	@Test
	void spentBudgetFailsAtOnceWithoutTouchingThePool() throws Exception {
		try (TestDeadlines request = TestDeadlines.unwatched(Duration.ofMillis(1))) {
			Thread.sleep(5);
			SQLTransientConnectionException ex = org.junit.jupiter.api.Assertions
				.assertThrows(SQLTransientConnectionException.class, () -> this.dataSource.getConnection());
			assertThat(ex.getCause()).isInstanceOf(DeadlineExceededException.class);
		}
		// Hikari starts its pool on the first borrow: it never started
		assertThat(this.pool.getHikariPoolMXBean()).isNull();
	}

	@Test
	void spentBudgetRefusesTheStatement() throws Exception {
		try (Connection connection = connectionInRequest(Duration.ofMillis(300));
				PreparedStatement statement = connection.prepareStatement("select 1")) {
			Thread.sleep(350);
			SQLTimeoutException ex = org.junit.jupiter.api.Assertions.assertThrows(SQLTimeoutException.class,
					statement::executeQuery);
			assertThat(ex.getCause()).isInstanceOf(DeadlineExceededException.class);
		}
		finally {
			io.middlewaretrace.context.RequestContextHolder.clear();
		}
	}

	private Connection connectionInRequest(Duration budget) throws SQLException {
		TestDeadlines.unwatched(budget);
		return this.dataSource.getConnection();
	}

	@Test
	void outsideARequestConnectionsAreThePoolsOwn() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(java.lang.reflect.Proxy.isProxyClass(connection.getClass())).isFalse();
			assertThat(connection.getClass().getName()).startsWith("com.zaxxer.hikari");
		}
	}

	@Test
	void wrapperUnwrapsToTheHikariPool() throws Exception {
		assertThat(DataSourceUnwrapper.unwrap(this.dataSource, HikariConfigMXBean.class, HikariDataSource.class))
			.isSameAs(this.pool);
		assertThat(this.dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		assertThat(this.dataSource.unwrap(HikariDataSource.class)).isSameAs(this.pool);
	}

}
