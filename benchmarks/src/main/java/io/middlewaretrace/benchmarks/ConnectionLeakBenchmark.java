package io.middlewaretrace.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.middlewaretracebench.FrameworkStack;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSettings;
import io.middlewaretrace.leak.jdbc.ConnectionLeakSource;

/**
 * Cost of tracking connections for leak diagnostics.
 * <p>
 * {@link #borrowAndClose}: one borrow and return on a HikariCP pool over H2 (in memory), inside
 * a request context (the usual path: the lease is attached to the request and detached). Modes:
 * {@code raw} (the Hikari pool itself), {@code hikari-leak-detection} (Hikari with
 * {@code leakDetectionThreshold}: an exception and a scheduled task per borrow),
 * {@code tracked-frames} (the starter's wrapper with tracking, borrowing frames captured on every
 * borrow, {@code frame-sample-rate=1.0}), {@code tracked-default} (the default
 * {@code frame-sample-rate=0.01}) and {@code tracked-no-frames}
 * ({@code frame-sample-rate=0.0}). {@code mode=X} minus {@code mode=raw} is the cost of X.
 * <p>
 * {@link #sweep}: one sweep of {@code held} connections held by plain (non-pooled) fake
 * connections, none due for a suspect mark or reclaim: the steady cost of the sweeper thread per
 * tick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionLeakBenchmark {

	@State(Scope.Thread)
	public static class Pool {

		@Param({ "raw", "hikari-leak-detection", "tracked-frames", "tracked-default", "tracked-no-frames" })
		public String mode;

		/**
		 * Framework frames between the benchmark and the borrow: 0 (JMH's own stack, ~10 frames)
		 * or about what a Spring MVC request on Tomcat has below its handler (~100). Hikari's
		 * exception fills in every frame; the starter walks until it has its frames.
		 */
		@Param({ "0", "100" })
		public int depth;

		HikariDataSource pool;

		DataSource dataSource;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = new HikariDataSource();
			this.pool.setJdbcUrl("jdbc:h2:mem:connection-leak-benchmark;DB_CLOSE_DELAY=-1");
			this.pool.setMaximumPoolSize(2);
			if (this.mode.equals("hikari-leak-detection")) {
				this.pool.setLeakDetectionThreshold(60_000);
			}
			this.dataSource = switch (this.mode) {
				case "tracked-frames" -> tracked(this.pool, 1.0);
				case "tracked-default" -> tracked(this.pool, 0.01);
				case "tracked-no-frames" -> tracked(this.pool, 0.0);
				default -> this.pool;
			};
			RequestContextHolder.set(DefaultRequestContext.builder("GET").build());
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			RequestContextHolder.clear();
			this.pool.close();
		}

	}

	@State(Scope.Thread)
	public static class Held {

		@Param({ "100", "500" })
		public int held;

		ConnectionLeakSource source;

		final List<Connection> connections = new ArrayList<>();

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.source = new ConnectionLeakSource(settings(0.0), LeakMetrics.NONE);
			DataSource fake = new FakeDataSource();
			DataSource tracked = new ObservedDataSource(fake, ConnectionPool.of(fake, "fake"), List.of(this.source),
					List.of());
			for (int i = 0; i < this.held; i++) {
				this.connections.add(tracked.getConnection());
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws SQLException {
			for (Connection connection : this.connections) {
				connection.close();
			}
		}

	}

	@Benchmark
	public void borrowAndClose(Pool pool, Blackhole blackhole) throws Exception {
		if (pool.depth == 0) {
			borrow(pool, blackhole);
		}
		else {
			FrameworkStack.below(pool.depth, () -> borrow(pool, blackhole));
		}
	}

	private static Object borrow(Pool pool, Blackhole blackhole) throws SQLException {
		try (Connection connection = pool.dataSource.getConnection()) {
			blackhole.consume(connection);
		}
		return null;
	}

	@Benchmark
	public void sweep(Held held) {
		held.source.sweep(System.nanoTime());
	}

	static DataSource tracked(HikariDataSource pool, double frameSampleRate) {
		ConnectionLeakSource source = new ConnectionLeakSource(settings(frameSampleRate), LeakMetrics.NONE);
		return new ObservedDataSource(pool, new HikariConnectionPool(pool, pool, "dataSource"), List.of(source),
				List.of());
	}

	static ConnectionLeakSettings settings(double frameSampleRate) {
		return new ConnectionLeakSettings(frameSampleRate, 8, Duration.ofHours(1), false, true, Duration.ofHours(1),
				100);
	}

	/**
	 * Hands out connections that do nothing, so that hundreds can be held at no cost.
	 */
	static final class FakeDataSource implements DataSource {

		@Override
		public Connection getConnection() {
			return (Connection) Proxy.newProxyInstance(FakeDataSource.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
						case "isClosed", "isWrapperFor" -> false;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						default -> null;
					});
		}

		@Override
		public Connection getConnection(String username, String password) {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLException("Not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
