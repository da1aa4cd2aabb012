package io.middlewaretrace.deadline.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.Phase;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Plain JDBC through an {@link ObservedDataSource} with the JDBC deadline listeners on H2 (in
 * memory) and a HikariCP pool of one connection. H2 keeps its query timeout per session, so the
 * wrapper must leave it alone.
 */
class DeadlineAwareDataSourceH2Tests {

	static final String SLOW_SQL = "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) A, SYSTEM_RANGE(1, 100000) B "
			+ "WHERE A.X + B.X = 0";

	private HikariDataSource pool;

	private ObservedDataSource dataSource;

	@BeforeEach
	void createPool() {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.pool.setPoolName("h2-test");
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
	void statementIsCancelledAtTheDeadline() throws Exception {
		long[] overshoots = new long[3];
		for (int i = 0; i < 3; i++) {
			try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(300));
					Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLTimeoutException.class).isThrownBy(() -> statement.executeQuery(SLOW_SQL));
				overshoots[i] = request.overshootMillis();
				Phase phase = request.context.phases().list().get(1);
				assertThat(phase.name()).isEqualTo("jdbc.execute");
				// a plain statement's literals are masked
				assertThat(phase.detail()).isEqualTo("SELECT COUNT(*) FROM SYSTEM_RANGE(?, ?) A, SYSTEM_RANGE(?, ?) B "
						+ "WHERE A.X + B.X = ?");
				assertThat(phase.outcome()).isEqualTo(Phase.DEADLINE);
			}
		}
		TestDeadlines.assertPrecise(overshoots);
	}

	@Test
	void cancelThatReachesTheDriverBeforeTheStatementIsRepeated() throws Exception {
		// H2 parses a plain statement's SQL before it can be cancelled (this one takes 150 ms
		// or more): a deadline that passes meanwhile finds nothing to cancel yet
		StringBuilder sql = new StringBuilder(SLOW_SQL).append(" AND A.X NOT IN (-1");
		for (int i = 2; i < 200_000; i++) {
			sql.append(", -").append(i);
		}
		sql.append(')');
		// everything before the statement warmed up, so the deadline passes during the parse
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(5));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT 1").close();
		}
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(50));
					Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLTimeoutException.class)
					.isThrownBy(() -> statement.executeQuery(sql.toString()))
					.withMessageNotContaining("not started");
				assertThat(request.overshootMillis()).isLessThan(3000);
			}
		});
	}

	@Test
	void sessionQueryTimeoutIsNeverChanged() throws Exception {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(300));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLTimeoutException.class).isThrownBy(() -> statement.executeQuery(SLOW_SQL));
		}
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(5));
				Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
			statement.executeQuery().close();
			assertThat(sessionQueryTimeout(connection)).isZero();
		}
		// the next borrower, outside any request, finds the session as H2 left it
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(sessionQueryTimeout(connection)).isZero();
		}
	}

	@Test
	void applicationsOwnQueryTimeoutIsLeftAsItWasSet() throws Exception {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(5));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(7);
			statement.executeQuery("SELECT 1").close();
			assertThat(statement.getQueryTimeout()).isEqualTo(7);
			statement.setQueryTimeout(0);
		}
	}

	@Test
	void connectionIsReusableAfterACancelledStatement() throws Exception {
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofMillis(200));
				Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS T (X INT)");
				statement.execute("INSERT INTO T VALUES (1)");
				assertThatExceptionOfType(SQLTimeoutException.class).isThrownBy(() -> statement.executeQuery(SLOW_SQL));
			}
		}
		try (TestDeadlines request = TestDeadlines.watched(Duration.ofSeconds(5));
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM T")) {
			assertThat(result.next()).isTrue();
			// the pool rolled the abandoned transaction back
			assertThat(result.getInt(1)).isZero();
			assertThat(connection.getAutoCommit()).isTrue();
		}
		assertThat(this.pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
	}

	private static int sessionQueryTimeout(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_TIMEOUT'")) {
			assertThat(result.next()).isTrue();
			return Integer.parseInt(result.getString(1));
		}
	}

}
