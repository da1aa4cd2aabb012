package io.middlewaretrace.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.jdbc.HikariConnectionPool;
import io.middlewaretrace.jdbc.ObservedDataSource;

/**
 * How late a caller gets control back after its deadline, for a {@code select pg_sleep(5)} on
 * an embedded PostgreSQL (real binaries, no Docker) through the {@link ObservedDataSource} with
 * the JDBC deadline listeners and a HikariCP pool, with the shared deadline watchdog marking the
 * request timed out as the deadline filter does (no thread interrupt). Overshoot = the moment {@code execute} returned
 * minus the deadline. Mode {@code cancel} is the starter's path; mode {@code query-timeout}
 * uses only the driver's whole-second query timeout from the remaining budget, rounded up (what
 * Spring's {@code @Transactional(timeout)} gives at best), for comparison.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.middlewaretrace.benchmarks.JdbcOvershootHarness
 * [iterations=200] [budgetMs=100] [mode=cancel|query-timeout] [warmup=20]}
 */
public final class JdbcOvershootHarness {

	private JdbcOvershootHarness() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		long budgetMillis = (args.length > 1) ? Long.parseLong(args[1]) : 100;
		String mode = (args.length > 2) ? args[2] : "cancel";
		int warmup = (args.length > 3) ? Integer.parseInt(args[3]) : 20;
		boolean cancel = mode.equals("cancel");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				HikariDataSource pool = new HikariDataSource();
				DeadlineWatchdog watchdog = new DeadlineWatchdog(Duration.ofMillis(5))) {
			pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
			pool.setUsername("postgres");
			pool.setMaximumPoolSize(1);
			ObservedDataSource dataSource = new ObservedDataSource(pool,
					new HikariConnectionPool(pool, pool, "dataSource"), List.of(new DeadlineConnectionListener()),
					List.of(new DeadlineStatementListener(true, 200, watchdog)));
			long[] overshootMicros = new long[iterations];
			for (int i = -warmup; i < iterations; i++) {
				long overshoot = once(dataSource, watchdog, Duration.ofMillis(budgetMillis), cancel);
				if (i >= 0) {
					overshootMicros[i] = overshoot / 1_000L;
				}
			}
			Arrays.sort(overshootMicros);
			System.out.println("mode=" + mode + " budget=" + budgetMillis + "ms iterations=" + iterations
					+ " overshoot ms: p50=" + millis(percentile(overshootMicros, 0.50)) + " p90="
					+ millis(percentile(overshootMicros, 0.90)) + " p99=" + millis(percentile(overshootMicros, 0.99))
					+ " max=" + millis(overshootMicros[iterations - 1]) + " min=" + millis(overshootMicros[0]));
		}
	}

	private static long once(ObservedDataSource dataSource, DeadlineWatchdog watchdog, Duration budget,
			boolean cancel) throws SQLException {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Deadline deadline = Deadline.after(budget);
		DeadlineState state = DeadlineState.start(context, deadline);
		if (cancel) {
			watchdog.schedule(() -> state.markTimedOut(blame(context)), deadline.remainingNanos());
		}
		RequestContextHolder.set(context);
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			try {
				statement.execute("select pg_sleep(5)");
				throw new IllegalStateException("pg_sleep(5) was not stopped");
			}
			catch (SQLException expected) {
				return System.nanoTime() - deadline.deadlineNanos();
			}
		}
		finally {
			RequestContextHolder.clear();
		}
	}

	private static String blame(DefaultRequestContext context) {
		Phase open = context.phases().innermostOpen();
		return (open != null) ? open.name() : "harness";
	}

	private static long percentile(long[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String millis(long micros) {
		return (micros / 1000) + "." + String.format("%03d", Math.abs(micros % 1000));
	}

}
