package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.deadline.jdbc.SharedPostgres;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.leak.LeakMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Evicting idle connections when HikariCP finds a broken one, on a real (embedded) PostgreSQL:
 * a pooled connection's backend is terminated with {@code pg_terminate_backend}, its next use
 * fails broken, and the pool's idle connections are soft-evicted, once per interval.
 */
class EvictOnBrokenPostgresTests {

	private static final String APPLICATION_NAME = "evict-on-broken-test";

	private HikariDataSource hikari;

	@AfterEach
	void close() {
		if (this.hikari != null) {
			this.hikari.close();
		}
	}

	@Test
	void brokenConnectionSoftEvictsIdleConnectionsOncePerInterval() throws Exception {
		Overridden user = new Overridden();
		ConnectionLeakSource source = source(true, user);
		ConnectionPool connectionPool = new HikariConnectionPool(this.hikari, this.hikari, "ds");
		PoolTracker pool = (PoolTracker) source.forPool(connectionPool);
		ObservedDataSource dataSource = new ObservedDataSource(this.hikari, connectionPool, List.of(pool), List.of());
		try (Connection warmup = dataSource.getConnection()) {
			// starts the pool
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.hikari.getHikariPoolMXBean().getIdleConnections() == 3);
		Set<Integer> before = backends();
		assertThat(before).hasSize(3);
		Connection victim = dataSource.getConnection();
		int pid = pid(victim);
		terminate(pid);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pid(victim));
		assertThat(user.calls).isPositive();
		Map<String, Object> described = pool.describe();
		assertThat(described).containsEntry("brokenConnectionSignal", true).containsEntry("softEvictions", 1L);
		victim.close();
		// the idle connections opened before the failure are closed and replaced
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Set<Integer> now = backends();
			assertThat(now).doesNotContainAnyElementsOf(before);
		});
		// a second broken connection within the interval does not evict again
		Connection second = dataSource.getConnection();
		terminate(pid(second));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pid(second));
		second.close();
		assertThat(pool.describe()).containsEntry("softEvictions", 1L);
		assertThat((Long) pool.describe().get("brokenConnections")).isGreaterThanOrEqualTo(2L);
	}

	@Test
	void brokenConnectionsAreLeftToThePoolWhenEvictOnBrokenIsOff() throws Exception {
		ConnectionLeakSource source = source(false, null);
		ConnectionPool connectionPool = new HikariConnectionPool(this.hikari, this.hikari, "ds");
		PoolTracker pool = (PoolTracker) source.forPool(connectionPool);
		ObservedDataSource dataSource = new ObservedDataSource(this.hikari, connectionPool, List.of(pool), List.of());
		assertThat(this.hikari.getExceptionOverride()).isNull();
		Connection victim = dataSource.getConnection();
		terminate(pid(victim));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pid(victim));
		victim.close();
		assertThat(pool.describe()).containsEntry("softEvictions", 0L);
	}

	private ConnectionLeakSource source(boolean evictOnBroken, SQLExceptionOverride user) {
		this.hikari = new HikariDataSource();
		this.hikari.setJdbcUrl(SharedPostgres.jdbcUrl());
		this.hikari.setUsername("postgres");
		this.hikari.setPoolName("evict-pg");
		this.hikari.setMaximumPoolSize(3);
		this.hikari.setMinimumIdle(3);
		this.hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
		if (user != null) {
			this.hikari.setExceptionOverride(user);
		}
		return new ConnectionLeakSource(new ConnectionLeakSettings(0.0, 8, Duration.ofSeconds(30), evictOnBroken,
				false, Duration.ofSeconds(60), 10), LeakMetrics.NONE);
	}

	private static int pid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static void terminate(int pid) throws SQLException {
		try (Connection admin = DriverManager.getConnection(SharedPostgres.jdbcUrl(), "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("select pg_terminate_backend(" + pid + ")");
		}
	}

	private static Set<Integer> backends() throws SQLException {
		Set<Integer> pids = new HashSet<>();
		try (Connection admin = DriverManager.getConnection(SharedPostgres.jdbcUrl(), "postgres", "");
				Statement statement = admin.createStatement();
				ResultSet result = statement
					.executeQuery("select pid from pg_stat_activity where application_name = '" + APPLICATION_NAME + "'")) {
			while (result.next()) {
				pids.add(result.getInt(1));
			}
		}
		return pids;
	}

	static final class Overridden implements SQLExceptionOverride {

		volatile int calls;

		@java.lang.Override
		public Override adjudicate(SQLException sqlException) {
			this.calls++;
			return Override.CONTINUE_EVICT;
		}

	}

}
