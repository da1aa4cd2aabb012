package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.leak.LeakSource.LeakHealth;
import io.middlewaretrace.leak.MicrometerLeakMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectionLeakSource} on a real HikariCP pool over H2, with requests made of
 * real {@link DefaultRequestContext}s and the sweep driven with explicit clock readings.
 */
class ConnectionLeakSourceTests {

	private static final long SECOND = 1_000_000_000L;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<HikariDataSource> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		RequestContextHolder.clear();
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void connectionStillHeldWhenItsRequestEndsIsALeakOfThatRequest() throws Exception {
		Fixture fixture = fixture(false, 100);
		Instant before = Instant.now().minusMillis(1);
		String traceId = request(fixture, "/owners/{id}", 1, false);
		ConnectionRecord leaked = single(fixture.pool().describe(), "leaked");
		assertThat(leaked.borrowedAt()).isBetween(before, Instant.now().plusMillis(1));
		assertThat(leaked.traceId()).isEqualTo(traceId);
		assertThat(leaked.route()).isEqualTo("/owners/{id}");
		assertThat(leaked.thread()).isEqualTo(Thread.currentThread().getName());
		assertThat(leaked.pool()).isEqualTo("leak-pool");
		assertThat(leaked.frames()).isNotEmpty();
		assertThat(this.registry.get(MicrometerLeakMetrics.LEAKS).tag("kind", "connection").tag("route", "/owners/{id}")
			.counter()
			.count()).isEqualTo(1);
		LeakHealth health = fixture.source().health();
		assertThat(health.leaking()).isTrue();
		assertThat(fixture.pool().heldCount()).isEqualTo(1);
	}

	@Test
	void connectionClosedBeforeItsRequestEndsIsNoLeak() throws Exception {
		Fixture fixture = fixture(false, 100);
		request(fixture, "/ok", 1, true);
		assertThat(records(fixture.pool().describe(), "leaked")).isEmpty();
		assertThat(fixture.pool().heldCount()).isZero();
		assertThat(fixture.source().health().leaking()).isFalse();
	}

	@Test
	void connectionBorrowedOutsideARequestIsHeldWithoutOneAndNeverALeak() throws Exception {
		Fixture fixture = fixture(false, 100);
		try (Connection connection = fixture.dataSource().getConnection()) {
			ConnectionRecord held = single(fixture.pool().describe(), "held");
			assertThat(held.traceId()).isNull();
			assertThat(held.route()).isNull();
			fixture.source().sweep(System.nanoTime() + 120 * SECOND);
			assertThat(records(fixture.pool().describe(), "leaked")).isEmpty();
			assertThat(connection.isClosed()).isFalse();
		}
		assertThat(fixture.pool().heldCount()).isZero();
	}

	@Test
	void connectionHeldBeyondTheThresholdIsSuspectOnceAndItsReturnIsLate() throws Exception {
		Fixture fixture = fixture(false, 100);
		Connection connection = fixture.dataSource().getConnection();
		fixture.source().sweep(System.nanoTime() + 29 * SECOND);
		assertThat(records(fixture.pool().describe(), "suspect")).isEmpty();
		fixture.source().sweep(System.nanoTime() + 31 * SECOND);
		fixture.source().sweep(System.nanoTime() + 32 * SECOND);
		assertThat(records(fixture.pool().describe(), "suspect")).hasSize(1);
		connection.close();
		connection.close();
		assertThat(records(fixture.pool().describe(), "lateReturned")).hasSize(1);
		assertThat(fixture.pool().heldCount()).isZero();
	}

	@Test
	void returnOfALeakedConnectionIsLate() throws Exception {
		Fixture fixture = fixture(false, 100);
		request(fixture, "/leaky", 1, false);
		fixture.held().get(0).close();
		assertThat(single(fixture.pool().describe(), "lateReturned").route()).isEqualTo("/leaky");
		assertThat(fixture.source().health().leaking()).isFalse();
	}

	@Test
	void leakedConnectionsAreReclaimedAfterTheGracePeriodAndTheirSlotsReturn() throws Exception {
		Fixture fixture = fixture(true, 100);
		request(fixture, "/leaky", 2, false);
		assertThat(fixture.hikari().getHikariPoolMXBean().getActiveConnections()).isEqualTo(2);
		fixture.source().sweep(System.nanoTime() + 59 * SECOND);
		assertThat(records(fixture.pool().describe(), "reclaimed")).isEmpty();
		fixture.source().sweep(System.nanoTime() + 61 * SECOND);
		assertThat(records(fixture.pool().describe(), "reclaimed")).hasSize(2);
		assertThat(this.registry.get(MicrometerLeakMetrics.RECLAIMED).tag("pool", "leak-pool").counter().count())
			.isEqualTo(2);
		assertThat(fixture.source().health().leaking()).isFalse();
		// both slots are free again: a pool of 2 hands out 2 new connections at once
		try (Connection first = fixture.dataSource().getConnection();
				Connection second = fixture.dataSource().getConnection()) {
			assertThat(query(first)).isEqualTo(1);
			assertThat(query(second)).isEqualTo(1);
			Connection old = fixture.held().get(0);
			assertThatExceptionOfType(SQLException.class).isThrownBy(old::createStatement)
				.withMessageContaining("reclaimed");
			assertThat(old.isClosed()).isTrue();
			old.close();
			fixture.held().get(1).close();
			assertThat(fixture.hikari().getHikariPoolMXBean().getActiveConnections()).isEqualTo(2);
			assertThat(query(first)).isEqualTo(1);
		}
		assertThat(records(fixture.pool().describe(), "lateReturned")).isEmpty();
	}

	@Test
	void leakedConnectionsAreNotReclaimedWhenReclaimIsOff() throws Exception {
		Fixture fixture = fixture(false, 100);
		request(fixture, "/leaky", 1, false);
		fixture.source().sweep(System.nanoTime() + 3600 * SECOND);
		assertThat(records(fixture.pool().describe(), "reclaimed")).isEmpty();
		assertThat(query(fixture.held().get(0))).isEqualTo(1);
	}

	@Test
	void healReclaimsEveryLeakedConnectionAtOnce() throws Exception {
		Fixture fixture = fixture(false, 100);
		request(fixture, "/leaky", 2, false);
		Map<String, Object> healed = fixture.source().heal();
		assertThat(healed).containsKey("leak-pool");
		@SuppressWarnings("unchecked")
		Map<String, Object> pool = (Map<String, Object>) healed.get("leak-pool");
		assertThat(pool).containsEntry("reclaimed", 2).containsEntry("softEvicted", true);
		assertThat(fixture.pool().heldCount()).isZero();
	}

	@Test
	void ringsKeepTheMostRecentRecords() throws Exception {
		Fixture fixture = fixture(false, 3);
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			traceIds.add(request(fixture, "/leaky", 1, false));
			fixture.source().heal();
		}
		List<ConnectionRecord> leaked = records(fixture.pool().describe(), "leaked");
		assertThat(leaked).extracting(ConnectionRecord::traceId)
			.containsExactly(traceIds.get(4), traceIds.get(3), traceIds.get(2));
		assertThat(records(fixture.pool().describe(), "reclaimed")).hasSize(3);
	}

	@Test
	void framesAreNotCapturedWhenTheSampleRateIsZero() throws Exception {
		HikariDataSource hikari = hikari(4);
		ConnectionLeakSource source = new ConnectionLeakSource(
				new ConnectionLeakSettings(0.0, 8, Duration.ofSeconds(30), true, false, Duration.ofSeconds(60), 10),
				new MicrometerLeakMetrics(this.registry));
		ObservedDataSource dataSource = new ObservedDataSource(hikari, new HikariConnectionPool(hikari, hikari, "ds"),
				List.of(source), List.of());
		try (Connection connection = dataSource.getConnection()) {
			assertThat(source.describe(false).toString()).contains("frames=[]");
		}
	}

	@Test
	void aRouteThatLeakedWithoutFramesHasItsLaterBorrowsCaptured() throws Exception {
		Fixture fixture = fixture(false, 100, 0.0, 4);
		String first = request(fixture, "/leaky", 1, false);
		String second = request(fixture, "/leaky", 1, false);
		String other = request(fixture, "/other", 1, false);
		List<ConnectionRecord> leaked = records(fixture.pool().describe(), "leaked");
		assertThat(leaked).hasSize(3);
		assertThat(leaked).filteredOn((record) -> record.traceId().equals(first))
			.singleElement()
			.satisfies((record) -> assertThat(record.frames()).isEmpty());
		assertThat(leaked).filteredOn((record) -> record.traceId().equals(second))
			.singleElement()
			.satisfies((record) -> assertThat(record.frames()).isNotEmpty());
		assertThat(leaked).filteredOn((record) -> record.traceId().equals(other))
			.singleElement()
			.satisfies((record) -> assertThat(record.frames()).isEmpty());
	}

	private String request(Fixture fixture, String route, int borrows, boolean close) throws SQLException {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		DefaultRequestContext context = DefaultRequestContext.builder("GET").trace(traceId, "00f067aa0ba902b7", true).build();
		context.routePattern(route);
		RequestContextHolder.set(context);
		try {
			for (int i = 0; i < borrows; i++) {
				Connection connection = fixture.dataSource().getConnection();
				query(connection);
				if (close) {
					connection.close();
				}
				else {
					fixture.held().add(connection);
				}
			}
		}
		finally {
			RequestContextHolder.clear();
		}
		context.complete(200, System.nanoTime());
		context.endLeases();
		return traceId;
	}

	private static int query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			var result = statement.executeQuery("select 1");
			result.next();
			return result.getInt(1);
		}
	}

	private Fixture fixture(boolean reclaim, int recent) {
		return fixture(reclaim, recent, 1.0, 2);
	}

	private Fixture fixture(boolean reclaim, int recent, double frameSampleRate, int poolSize) {
		HikariDataSource hikari = hikari(poolSize);
		ConnectionLeakSource source = new ConnectionLeakSource(new ConnectionLeakSettings(frameSampleRate, 8,
				Duration.ofSeconds(30), true, reclaim, Duration.ofSeconds(60), recent),
				new MicrometerLeakMetrics(this.registry));
		ConnectionPool connectionPool = new HikariConnectionPool(hikari, hikari, "ds");
		PoolTracker pool = (PoolTracker) source.forPool(connectionPool);
		ObservedDataSource dataSource = new ObservedDataSource(hikari, connectionPool, List.of(pool), List.of());
		return new Fixture(hikari, dataSource, source, pool, new ArrayList<>());
	}

	private HikariDataSource hikari(int size) {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
		hikari.setPoolName("leak-pool");
		hikari.setMaximumPoolSize(size);
		hikari.setConnectionTimeout(1000);
		this.pools.add(hikari);
		return hikari;
	}

	@SuppressWarnings("unchecked")
	static List<ConnectionRecord> records(Map<String, Object> pool, String ring) {
		return (List<ConnectionRecord>) pool.get(ring);
	}

	static ConnectionRecord single(Map<String, Object> pool, String ring) {
		List<ConnectionRecord> records = records(pool, ring);
		assertThat(records).hasSize(1);
		return records.get(0);
	}

	record Fixture(HikariDataSource hikari, ObservedDataSource dataSource, ConnectionLeakSource source,
			PoolTracker pool, List<Connection> held) {
	}

}
