package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-request deadlines: each request gets one budget, and the connection pool, every JDBC
 * statement and every outbound call made on its behalf spend from it.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("middleware.deadline")
public class DeadlineProperties {

	/**
	 * Whether requests get a deadline. Off, nothing is bounded by the starter and no timeout
	 * header is read or sent.
	 */
	private boolean enabled = true;

	/**
	 * Budget of a request that no route pattern matches. Must be positive: a request never runs
	 * without a deadline while deadlines are on.
	 */
	private Duration defaultTimeout = Duration.ofSeconds(30);

	/**
	 * Budgets by path pattern (PathPattern syntax, matched against the path within the
	 * application, first match in declaration order wins), replacing the default timeout for
	 * matching requests. Example: {@code "[/api/reports/**]": 2m}.
	 */
	private Map<String, Duration> routes = new LinkedHashMap<>();

	/**
	 * Inbound headers that carry the caller's remaining budget, read in order; the earliest
	 * valid one shortens the configured budget (it never extends it). Integer milliseconds,
	 * except a header named grpc-timeout, read in gRPC's syntax. Invalid values are ignored and
	 * counted.
	 */
	private List<String> inboundHeaders = new ArrayList<>(List.of("X-Request-Timeout-Ms"));

	/**
	 * Whether to interrupt the thread still serving a request when its deadline passes, so a
	 * handler blocked in an interruptible wait gives its thread back. The interrupt is cleared
	 * before the thread leaves the request.
	 */
	private boolean interrupt = true;

	/**
	 * Number of timed-out and slow requests kept for the deadlines endpoint, in a ring.
	 */
	private int recent = 100;

	/**
	 * Share of its budget a request must use to be kept as slow for the deadlines endpoint,
	 * from 0.0 (exclusive) to 1.0; timed-out requests are always kept.
	 */
	private double slowBudgetFraction = 0.8;

	/**
	 * Shortest time between two checks of the deadlines of requests in flight: a deadline is
	 * acted on at most this late (plus scheduling delay); the watchdog sleeps until the earliest
	 * deadline otherwise. Between 1ms and 1s.
	 */
	private Duration watchdogResolution = Duration.ofMillis(5);

	private final Jdbc jdbc = new Jdbc();

	private final Http http = new Http();

	private final Resilience4j resilience4j = new Resilience4j();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public Map<String, Duration> getRoutes() {
		return this.routes;
	}

	public void setRoutes(Map<String, Duration> routes) {
		this.routes = routes;
	}

	public List<String> getInboundHeaders() {
		return this.inboundHeaders;
	}

	public void setInboundHeaders(List<String> inboundHeaders) {
		this.inboundHeaders = inboundHeaders;
	}

	public boolean isInterrupt() {
		return this.interrupt;
	}

	public void setInterrupt(boolean interrupt) {
		this.interrupt = interrupt;
	}

	public int getRecent() {
		return this.recent;
	}

	public void setRecent(int recent) {
		this.recent = recent;
	}

	public double getSlowBudgetFraction() {
		return this.slowBudgetFraction;
	}

	public void setSlowBudgetFraction(double slowBudgetFraction) {
		this.slowBudgetFraction = slowBudgetFraction;
	}

	public Duration getWatchdogResolution() {
		return this.watchdogResolution;
	}

	public void setWatchdogResolution(Duration watchdogResolution) {
		this.watchdogResolution = watchdogResolution;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Http getHttp() {
		return this.http;
	}

	public Resilience4j getResilience4j() {
		return this.resilience4j;
	}

	/**
	 * Deadlines in the connection pool and JDBC statements.
	 */
	public static class Jdbc {

		/**
		 * Whether the DataSource is wrapped so that connection acquisition and every statement
		 * are bounded by the remaining budget.
		 */
		private boolean enabled = true;

		/**
		 * Whether to also set the driver's query timeout (whole seconds, rounded up) from the
		 * remaining budget while a statement runs, as a backstop to cancelling it at the deadline.
		 * The application's own shorter query timeout is kept and put back after each statement.
		 * Never used on H2, whose query timeout belongs to the session.
		 */
		private boolean queryTimeoutBackstop = true;

		/**
		 * Characters of SQL kept in a jdbc.execute phase; longer SQL is cut. Literals in the SQL
		 * of plain (not prepared) statements are masked.
		 */
		private int maxSqlLength = 200;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isQueryTimeoutBackstop() {
			return this.queryTimeoutBackstop;
		}

		public void setQueryTimeoutBackstop(boolean queryTimeoutBackstop) {
			this.queryTimeoutBackstop = queryTimeoutBackstop;
		}

		public int getMaxSqlLength() {
			return this.maxSqlLength;
		}

		public void setMaxSqlLength(int maxSqlLength) {
			this.maxSqlLength = maxSqlLength;
		}

	}

	/**
	 * Deadlines in outbound HTTP calls made with Boot-built RestClients.
	 */
	public static class Http {

		/**
		 * Whether Boot-built RestClients are bounded by the remaining budget and pass it on.
		 */
		private boolean enabled = true;

		/**
		 * Time kept back from the remaining budget when passing it on, for the answer to travel
		 * back: the outbound header carries the remaining budget minus this margin, and a call
		 * with less than 1 ms left after it fails at once without network I/O. Zero or more.
		 */
		private Duration margin = Duration.ofMillis(10);

		/**
		 * Outbound header that carries the remaining budget, in integer milliseconds.
		 */
		private String header = "X-Request-Timeout-Ms";

		/**
		 * Whether the remaining budget is sent to the called service in the outbound header.
		 */
		private boolean propagate = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMargin() {
			return this.margin;
		}

		public void setMargin(Duration margin) {
			this.margin = margin;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public boolean isPropagate() {
			return this.propagate;
		}

		public void setPropagate(boolean propagate) {
			this.propagate = propagate;
		}

	}

	/**
	 * Deadlines in Resilience4j circuit breakers, retries and time limiters.
	 */
	public static class Resilience4j {

		/**
		 * Whether circuit breakers refuse calls whose budget is spent without counting them
		 * against the downstream, retries stop when no budget is left for another attempt, and
		 * time limiters time out no later than the deadline.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
