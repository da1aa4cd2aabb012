package io.middlewaretrace.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of middleware-trace, under the {@code middleware.} prefix.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("middleware")
public class MiddlewareProperties {

	/**
	 * Whether middleware-trace is enabled at all. When false, the starter contributes nothing.
	 */
	private boolean enabled = true;

	private final Trace trace = new Trace();

	private final StageTrace stageTrace = new StageTrace();

	private final AccessLog accessLog = new AccessLog();

	private final Errors errors = new Errors();

	private final Tasks tasks = new Tasks();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Trace getTrace() {
		return this.trace;
	}

	public StageTrace getStageTrace() {
		return this.stageTrace;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	public Errors getErrors() {
		return this.errors;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	/**
	 * Trace context of each request.
	 */
	public static class Trace {

		/**
		 * Response headers that return the trace id to the caller: 'traceresponse' (W3C Trace
		 * Context level 2) and/or 'x-trace-id'. Empty to send none.
		 */
		private Set<ResponseHeader> responseHeaders = EnumSet.allOf(ResponseHeader.class);

		public Set<ResponseHeader> getResponseHeaders() {
			return this.responseHeaders;
		}

		public void setResponseHeaders(Set<ResponseHeader> responseHeaders) {
			this.responseHeaders = responseHeaders;
		}

	}

	/**
	 * Headers that can carry the trace id back to the caller.
	 */
	public enum ResponseHeader {

		/**
		 * W3C 'traceresponse': version, trace id, span id and sampled flag.
		 */
		TRACERESPONSE,

		/**
		 * 'X-Trace-Id': the trace id alone.
		 */
		X_TRACE_ID

	}

	/**
	 * Deep per-stage tracing, also switched on by '@EnableMiddlewareTrace'.
	 */
	public static class StageTrace {

		/**
		 * Whether every request records the stages it passes through. Unset, deep tracing
		 * follows '@EnableMiddlewareTrace' (on where the annotation is present); false turns it
		 * off even there, without a rebuild.
		 */
		private Boolean enabled;

		/**
		 * Maximum number of stage events kept per request; further events are counted, not
		 * kept.
		 */
		private int maxEvents = 256;

		/**
		 * Number of recent traced requests whose stage trace is kept for the middleware
		 * endpoint, in a ring (the oldest is dropped first).
		 */
		private int recent = 100;

		/**
		 * Number of slow, failed or anomalous requests whose diagnostic record is kept, in a ring
		 * of its own so that a burst of normal traffic cannot push them out. Kept whether deep
		 * tracing is on or not; their stage trace is present only when it is.
		 */
		private int retained = 100;

		/**
		 * Whether every stage's enter and exit is also written as a JSON log line on the logger
		 * 'middleware.stage' (DEBUG level). Verbose: meant for a short investigation.
		 */
		private boolean logStages;

		/**
		 * Whether each stage's duration is recorded in the 'middleware.stage' timer, tagged with
		 * the stage name, its type and outcome.
		 */
		private boolean metrics = true;

		/**
		 * Whether, on embedded Tomcat, the container's filters are wrapped even with deep
		 * tracing off, so that a broken chain names the filter at fault. With deep tracing on
		 * they are always wrapped.
		 */
		private boolean wrapContainerFilters = true;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Whether deep tracing is on, given whether '@EnableMiddlewareTrace' is present.
		 * @param annotationPresent whether the application uses '@EnableMiddlewareTrace'
		 * @return whether deep tracing is on
		 */
		public boolean isOn(boolean annotationPresent) {
			return (this.enabled != null) ? this.enabled : annotationPresent;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public int getRecent() {
			return this.recent;
		}

		public void setRecent(int recent) {
			this.recent = recent;
		}

		public int getRetained() {
			return this.retained;
		}

		public void setRetained(int retained) {
			this.retained = retained;
		}

		public boolean isLogStages() {
			return this.logStages;
		}

		public void setLogStages(boolean logStages) {
			this.logStages = logStages;
		}

		public boolean isMetrics() {
			return this.metrics;
		}

		public boolean isWrapContainerFilters() {
			return this.wrapContainerFilters;
		}

		public void setWrapContainerFilters(boolean wrapContainerFilters) {
			this.wrapContainerFilters = wrapContainerFilters;
		}

		public void setMetrics(boolean metrics) {
			this.metrics = metrics;
		}

	}

	/**
	 * Structured JSON access log, one line per request.
	 */
	public static class AccessLog {

		/**
		 * Whether one access-log line is written per request.
		 */
		private boolean enabled = true;

		/**
		 * Where access-log lines go: 'console' (JSON on standard output), 'file' (JSON to
		 * 'middleware.access-log.file') or 'logger' (through the application's own logging
		 * configuration of the 'middleware.access' logger).
		 */
		private Output output = Output.CONSOLE;

		/**
		 * File that JSON access-log lines are appended to when the output is 'file'.
		 */
		private Path file = Path.of("logs", "middleware-access.log");

		/**
		 * Longest time an access-log line written by the starter's own appender ('console' or
		 * 'file' output) waits before it is written out.
		 */
		private Duration flushInterval = Duration.ofSeconds(1);

		/**
		 * Most access-log bytes held in memory waiting to be written ('console' or 'file'
		 * output). When reached, request threads wait for the writer rather than drop lines.
		 */
		private DataSize maxPending = DataSize.ofMegabytes(8);

		/**
		 * Request path patterns (PathPattern syntax, relative to the context path) that are not
		 * logged, unless they fail with 5xx or are slow.
		 */
		private List<String> excludePaths = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**"));

		/**
		 * Whether requests served by a static resource handler are left out of the access log,
		 * unless they fail with 5xx or are slow.
		 */
		private boolean excludeStaticResources = true;

		/**
		 * Duration from which a request counts as slow; slow requests are always logged.
		 */
		private Duration slowThreshold = Duration.ofSeconds(1);

		private final Sampling sampling = new Sampling();

		private final RollingPolicy rollingPolicy = new RollingPolicy();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Output getOutput() {
			return this.output;
		}

		public void setOutput(Output output) {
			this.output = output;
		}

		public Path getFile() {
			return this.file;
		}

		public RollingPolicy getRollingPolicy() {
			return this.rollingPolicy;
		}

		public void setFile(Path file) {
			this.file = file;
		}

		public DataSize getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(DataSize maxPending) {
			this.maxPending = maxPending;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public boolean isExcludeStaticResources() {
			return this.excludeStaticResources;
		}

		public void setExcludeStaticResources(boolean excludeStaticResources) {
			this.excludeStaticResources = excludeStaticResources;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
		}

		public Sampling getSampling() {
			return this.sampling;
		}

		/**
		 * Where access-log lines are written.
		 */
		public enum Output {

			/**
			 * JSON lines on standard output, written in batches by the starter's appender.
			 */
			CONSOLE,

			/**
			 * JSON lines appended to a file, written in batches by the starter's appender.
			 */
			FILE,

			/**
			 * Events on the 'middleware.access' logger, formatted by the application's own
			 * logging configuration.
			 */
			LOGGER

		}


		/**
		 * When the access-log file ('file' output) is rolled over, as Spring Boot's
		 * 'logging.logback.rollingpolicy.*' does for the application's log file.
		 */
		public static class RollingPolicy {

			/**
			 * Size from which the access-log file is rolled over to an archive named with its day
			 * and an index (middleware-access-2026-12-07.0.log). 0 for no size limit: the file is
			 * then rolled over once a day.
			 */
			private DataSize maxFileSize = DataSize.ofMegabytes(10);

			/**
			 * Days of access-log archives kept; older ones are deleted. 0 keeps them all.
			 */
			private int maxHistory = 7;

			/**
			 * Most bytes of access-log archives kept; the oldest are deleted beyond it. 0 for no
			 * cap.
			 */
			private DataSize totalSizeCap = DataSize.ofBytes(0);

			public DataSize getMaxFileSize() {
				return this.maxFileSize;
			}

			public void setMaxFileSize(DataSize maxFileSize) {
				this.maxFileSize = maxFileSize;
			}

			public int getMaxHistory() {
				return this.maxHistory;
			}

			public void setMaxHistory(int maxHistory) {
				this.maxHistory = maxHistory;
			}

			public DataSize getTotalSizeCap() {
				return this.totalSizeCap;
			}

			public void setTotalSizeCap(DataSize totalSizeCap) {
				this.totalSizeCap = totalSizeCap;
			}

		}
	}

	/**
	 * Access-log sampling. 5xx and slow requests are always logged.
	 */
	public static class Sampling {

		/**
		 * Share of requests logged on routes without a rate of their own, from 0.0 to 1.0.
		 */
		private double defaultRate = 1.0;

		/**
		 * Share of requests logged per route pattern (for example '[/api/owners/{id}]': 0.1).
		 * Between 0.0 and 1.0, a request whose trace is not sampled is never logged and a
		 * sampled one is logged when its trace id falls within the rate, so every logged request
		 * has an exported trace.
		 */
		private Map<String, Double> routes = new LinkedHashMap<>();

		public double getDefaultRate() {
			return this.defaultRate;
		}

		public void setDefaultRate(double defaultRate) {
			this.defaultRate = defaultRate;
		}

		public Map<String, Double> getRoutes() {
			return this.routes;
		}

		public void setRoutes(Map<String, Double> routes) {
			this.routes = routes;
		}

	}

	/**
	 * Errors: Spring Boot's error handling picks the format, the starter adds the trace id.
	 */
	public static class Errors {

		/**
		 * Whether an exception escaping a handler or filter is always answered with an RFC 9457
		 * 'application/problem+json' body carrying the trace id (no stack trace), whatever the
		 * client accepts, instead of going to the application's error page (Spring Boot's
		 * '/error', its error views and JSON body) as it does without the starter.
		 */
		private boolean problemDetails;

		/**
		 * Whether the trace id is added, as 'traceId', to Spring Boot's error attributes (the
		 * JSON error body and the model of error views) and to every ProblemDetail body Spring
		 * MVC writes. A 'traceId' the application set itself is kept.
		 */
		private boolean includeTraceId = true;

		public boolean isProblemDetails() {
			return this.problemDetails;
		}

		public void setProblemDetails(boolean problemDetails) {
			this.problemDetails = problemDetails;
		}

		public boolean isIncludeTraceId() {
			return this.includeTraceId;
		}

		public void setIncludeTraceId(boolean includeTraceId) {
			this.includeTraceId = includeTraceId;
		}

	}

	/**
	 * Work the application hands to executors on a request's behalf.
	 */
	public static class Tasks {

		/**
		 * Whether executors built from Spring Boot's task executor builders (the
		 * applicationTaskExecutor behind @Async and async requests among them) carry the
		 * request context, its trace and deadline, into their tasks.
		 */
		private boolean propagateContext = true;

		public boolean isPropagateContext() {
			return this.propagateContext;
		}

		public void setPropagateContext(boolean propagateContext) {
			this.propagateContext = propagateContext;
		}

	}

}
