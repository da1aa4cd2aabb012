package io.middlewaretrace.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;

/**
 * Per-statement cost of the {@link ObservedDataSource} with the JDBC deadline listeners against
 * raw HikariCP on H2 (in memory): {@code SELECT 1} as a prepared statement (prepare, execute,
 * read, close) on a connection held for the whole trial, and the same with the connection
 * borrowed and returned around it. Modes: {@code raw} (the Hikari pool itself), {@code wrapped-outside} (through the
 * wrapper, no request context: the path of background work), {@code wrapped-deadline} (through
 * the wrapper inside a request context with a far deadline: phase recorded, cancel hook
 * registered and withdrawn; H2, so no query timeout backstop). {@code mode=X} minus
 * {@code mode=raw} is the wrapper's cost.
 * <p>
 * A request context normally lives for one request; here one context lives for the trial, so
 * after its first 64 statements the phases are only counted, as for a request with many
 * statements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcDeadlineBenchmark {

	@State(Scope.Thread)
	public static class Database {

		@Param({ "raw", "wrapped-outside", "wrapped-deadline" })
		public String mode;

		HikariDataSource pool;

		DataSource dataSource;

		Connection held;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.pool = new HikariDataSource();
			this.pool.setJdbcUrl("jdbc:h2:mem:jdbc-deadline-benchmark;DB_CLOSE_DELAY=-1");
			this.pool.setMaximumPoolSize(2);
			this.dataSource = this.mode.equals("raw") ? this.pool
					: new ObservedDataSource(this.pool, new HikariConnectionPool(this.pool, this.pool, "dataSource"),
							List.of(new DeadlineConnectionListener()),
							List.of(new DeadlineStatementListener(true, 200, null)));
			if (this.mode.equals("wrapped-deadline")) {
				DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
				DeadlineState.start(context, Deadline.after(Duration.ofHours(1)));
				RequestContextHolder.set(context);
			}
			this.held = this.dataSource.getConnection();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws SQLException {
			this.held.close();
			RequestContextHolder.clear();
			this.pool.close();
		}

	}

	@Benchmark
	public int preparedSelect(Database database) throws SQLException {
		return selectOne(database.held);
	}

	@Benchmark
	public int borrowAndPreparedSelect(Database database) throws SQLException {
		try (Connection connection = database.dataSource.getConnection()) {
			return selectOne(connection);
		}
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

}
