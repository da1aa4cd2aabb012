package io.middlewaretrace.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.logstash.logback.encoder.LogstashEncoder;
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
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import io.middlewaretrace.accesslog.AccessLogJsonEncoder;
import io.middlewaretrace.accesslog.AccessLogPolicy;
import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.anomaly.RequestAnomalyDetector;
import io.middlewaretrace.autoconfigure.leak.LeakProperties;
import io.middlewaretrace.autoconfigure.snapshot.SnapshotProperties;
import io.middlewaretrace.deadline.DeadlineFilter;
import io.middlewaretrace.deadline.DeadlineMetrics;
import io.middlewaretrace.deadline.DeadlinePolicy;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.mdc.MdcLeakDetector;
import io.middlewaretrace.leak.mdc.MdcLeaks;
import io.middlewaretrace.snapshot.NotableRequestSnapshotter;
import io.middlewaretrace.snapshot.Redactor;
import io.middlewaretrace.snapshot.SnapshotFactory;
import io.middlewaretrace.stage.StageTraceRecorder;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.web.MicrometerRequestMetrics;
import io.middlewaretrace.web.MicrometerTraceSource;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.PathExclusions;
import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.RequestParticipant;
import io.middlewaretrace.web.RoutePatternInterceptor;
import io.middlewaretrace.web.TraceFilterSettings;
import io.middlewaretrace.web.TraceSource;

/**
 * Per-request cost of the starter's servlet path: {@link MiddlewareTraceFilter} (plus the
 * {@link RoutePatternInterceptor} it relies on) around a trivial chain that writes {@code pong}.
 * <p>
 * Every invocation, in every mode, does the same harness work: reset one reused
 * {@link MockHttpServletRequest}/{@link MockHttpServletResponse} pair, put a real
 * OpenTelemetry-bridged Micrometer span in scope and its ids in the MDC (what Spring Boot's
 * {@code ServerHttpObservationFilter} does before our filter runs), call
 * {@code filter.doFilter(request, response, chain)}, close the scope. Only the filter differs, so
 * {@code mode=X} minus {@code mode=baseline} is the starter's cost (time and allocated bytes).
 * See {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

	static final String ROUTE = "/api/ping";

	static final byte[] BODY = "pong".getBytes(StandardCharsets.US_ASCII);

	@State(Scope.Thread)
	public static class RequestState {

		/**
		 * <ul>
		 * <li>{@code baseline}: a pass-through filter (no starter).</li>
		 * <li>{@code baseline-headers}: a pass-through filter that sets two constant response
		 * headers, to show what the mock's header storage costs.</li>
		 * <li>{@code nolog}: the starter's filter, no completion listeners (access log off).</li>
		 * <li>{@code log-noop-appender}: + the access logger; its logger is at INFO and has a
		 * single appender that discards events (the event and marker are built, not encoded).</li>
		 * <li>{@code log-json-sync}: + the access logger writing through the starter's encoder
		 * ({@code AccessLogJsonEncoder}) synchronously to a discarding stream: the whole cost of
		 * one JSON line on the request thread, as the starter ships it (its appender encodes on
		 * the request thread, then hands the bytes to a writer thread).</li>
		 * <li>{@code log-json-sync-logstash}: the same with the encoder the starter used before,
		 * logstash-logback-encoder's {@code LogstashEncoder} without MDC and context, which
		 * writes the same line.</li>
		 * <li>{@code log-json-async}: for comparison, Logback's AsyncAppender (queue 1024, never
		 * drops, blocks when full) in front of the same encoder and discarding stream.</li>
		 * <li>{@code nolog-notrace}: as {@code nolog} but with {@code TraceSource.NONE}: no trace id
		 * lookup, no trace response headers (what the filter costs without a tracer).</li>
		 * <li>{@code nolog-stagetrace}: access log off, deep tracing on (timeline of 256 events,
		 * the default {@code middleware.stage-trace.max-events}).</li>
		 * <li>{@code nolog-defaults}: access log off, everything else as auto-configured by
		 * default since issue 3: body capture (4 KB) and replay (64 KB), anomaly detection, the
		 * stage-trace recorder and the snapshotter as completion work.</li>
		 * <li>{@code nolog-defaults-deadline}: {@code nolog-defaults} plus the deadline filter as
		 * auto-configured by default since issue 4 (30 s default budget, the
		 * {@code X-Request-Timeout-Ms} header read, a watchdog timer armed and cancelled per
		 * request, the deadline recorder as completion work).</li>
		 * <li>{@code nolog-defaults-leaks}: {@code nolog-defaults-deadline} plus the MDC leak check
		 * at the start and end of every dispatch, as auto-configured by default since issue 5
		 * (the request borrows no connection and starts no task, so nothing else of leak
		 * tracking is on its path).</li>
		 * </ul>
		 */
		@Param({ "baseline", "baseline-headers", "nolog", "log-noop-appender", "log-json-sync", "log-json-sync-logstash", "log-json-async",
				"nolog-notrace", "nolog-stagetrace", "nolog-defaults", "nolog-defaults-deadline",
				"nolog-defaults-leaks" })
		public String mode;

		/**
		 * <ul>
		 * <li>{@code mock}: Spring's {@link MockHttpServletRequest}/{@link MockHttpServletResponse},
		 * whose header and attribute storage allocates on every lookup and set.</li>
		 * <li>{@code lean}: the same mocks behind {@link LeanExchange}, whose header and attribute
		 * storage allocates nothing, as a real container's; {@code mode=X} minus
		 * {@code mode=baseline} is then what the code under test allocates itself.</li>
		 * </ul>
		 */
		@Param({ "mock" })
		public String container;

		/**
		 * How many times the handler writes its 4-byte body: 100 small writes stand for a
		 * rendered page, whose template engine writes piece by piece (each write passes the
		 * starter's response wrapper and, with a deadline, its container-I/O section).
		 */
		@Param({ "1" })
		public int writes;

		MockHttpServletRequest request;

		HttpServletRequest servletRequest;

		HttpServletResponse servletResponse;

		LeanExchange.Request leanRequest;

		LeanExchange.Response leanResponse;

		MockHttpServletResponse response;

		Filter filter;

		FilterChain chain;

		Tracer tracer;

		Span span;

		String traceId;

		String spanId;

		private SdkTracerProvider tracerProvider;

		private CountingAppender countingAppender;

		private DiscardingOutputStream sink;

		private Appender<ILoggingEvent> attached;

		private DeadlineWatchdog watchdog;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
			this.tracer = new OtelTracer(this.tracerProvider.get("benchmark"), new OtelCurrentTraceContext(),
					(event) -> {
					});
			this.span = this.tracer.nextSpan().name("http get /api/ping").start();
			this.traceId = this.span.context().traceId();
			this.spanId = this.span.context().spanId();

			this.request = new MockHttpServletRequest("GET", ROUTE);
			this.request.setServletPath(ROUTE);
			this.request.addHeader("Host", "127.0.0.1:8080");
			this.request.addHeader("User-Agent", "wrk");
			this.response = new MockHttpServletResponse();
			switch (this.container) {
				case "mock" -> {
					this.servletRequest = this.request;
					this.servletResponse = this.response;
				}
				case "lean" -> {
					this.leanRequest = new LeanExchange.Request(this.request, "Host", "127.0.0.1:8080", "User-Agent",
							"wrk");
					this.leanResponse = new LeanExchange.Response(this.response);
					this.servletRequest = this.leanRequest;
					this.servletResponse = this.leanResponse;
				}
				default -> throw new IllegalArgumentException("Unknown container " + this.container);
			}

			RequestMetrics metrics = new MicrometerRequestMetrics(new SimpleMeterRegistry());
			TraceFilterSettings defaults = new TraceFilterSettings(true, true, true, 0);
			PathExclusions defaultExclusions = PathExclusions.of(List.of("/actuator/health", "/actuator/health/**"));
			AccessLogger accessLogger = new AccessLogger(
					new AccessLogPolicy(1.0, Map.of(), Duration.ofSeconds(1), true), metrics, defaultExclusions);
			RoutePatternInterceptor interceptor = new RoutePatternInterceptor();

			switch (this.mode) {
				case "baseline" -> {
					this.filter = (req, res, chain) -> chain.doFilter(req, res);
					this.chain = chain(null, this.writes);
				}
				case "baseline-headers" -> {
					String traceresponse = "00-" + this.traceId + "-" + this.spanId + "-01";
					String id = this.traceId;
					this.filter = (req, res, chain) -> {
						HttpServletResponse http = (HttpServletResponse) res;
						http.setHeader("traceresponse", traceresponse);
						http.setHeader("X-Trace-Id", id);
						chain.doFilter(req, res);
					};
					this.chain = chain(null, this.writes);
				}
				case "nolog" -> {
					this.filter = new MiddlewareTraceFilter(new MicrometerTraceSource(this.tracer), metrics, List.of(),
							defaults);
					this.chain = chain(interceptor, this.writes);
				}
				case "nolog-notrace" -> {
					this.filter = new MiddlewareTraceFilter(TraceSource.NONE, metrics, List.of(), defaults);
					this.chain = chain(interceptor, this.writes);
				}
				case "nolog-stagetrace" -> {
					this.filter = new MiddlewareTraceFilter(new MicrometerTraceSource(this.tracer), metrics, List.of(),
							new TraceFilterSettings(true, true, true, 256));
					this.chain = chain(interceptor, this.writes);
				}
				case "nolog-defaults", "nolog-defaults-deadline", "nolog-defaults-leaks" -> {
					SnapshotProperties snapshots = new SnapshotProperties();
					StageTraceRecorder recorder = new StageTraceRecorder(new StageTraceRepository(100, 100),
							Duration.ofSeconds(1));
					boolean leaks = this.mode.endsWith("-leaks");
					boolean deadlines = this.mode.endsWith("-deadline") || leaks;
					// the participants in the order the auto-configuration gives them
					List<RequestParticipant> participants = new ArrayList<>();
					participants.add(new NotableRequestSnapshotter(recorder::isNotable,
							new SnapshotFactory(new Redactor(snapshots.getRedactHeaders(),
									snapshots.getRedactParameters(), snapshots.getRedactBodyFields()))));
					participants.add(new RequestAnomalyDetector(new AnomalyRegistry(100, Duration.ofMinutes(1), List.of())));
					participants.add(recorder);
					if (deadlines) {
						participants.add(new DeadlineRecorder(100, 0.8, DeadlineMetrics.NONE));
					}
					if (leaks) {
						participants.add(new MdcLeakDetector(new MdcLeaks(100, LeakMetrics.NONE), List.of(),
								new LeakProperties().getMdc().getRedactedKeys(), true));
					}
					this.filter = new MiddlewareTraceFilter(new MicrometerTraceSource(this.tracer), metrics,
							participants, new TraceFilterSettings(true, true, true, 0,
									(int) snapshots.getMaxBodySize().toBytes(), 64 * 1024));
					this.chain = chain(interceptor, this.writes);
					if (deadlines) {
						this.watchdog = new DeadlineWatchdog(Duration.ofMillis(5));
						DeadlineFilter deadlineFilter = new DeadlineFilter(new DeadlinePolicy(Duration.ofSeconds(30),
								Map.of(), List.of("X-Request-Timeout-Ms"), DeadlineMetrics.NONE), this.watchdog, true,
								new AnomalyRegistry(100, Duration.ofMinutes(1), List.of()));
						FilterChain application = this.chain;
						// built once: the chain the starter's first filter calls
						this.chain = (req, res) -> deadlineFilter.doFilter(req, res, application);
					}
				}
				case "log-noop-appender", "log-json-sync", "log-json-sync-logstash", "log-json-async" -> {
					this.filter = new MiddlewareTraceFilter(new MicrometerTraceSource(this.tracer), metrics,
							List.of(accessLogger), defaults);
					this.chain = chain(interceptor, this.writes);
					configureAccessLogger();
				}
				default -> throw new IllegalArgumentException("Unknown mode " + this.mode);
			}
			verify();
		}

		private static FilterChain chain(RoutePatternInterceptor interceptor, int writes) {
			Object handler = new Object();
			return (req, res) -> {
				HttpServletRequest request = (HttpServletRequest) req;
				HttpServletResponse response = (HttpServletResponse) res;
				// what handler mapping does, and the starter's interceptor when it is installed
				request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
				try {
					if (interceptor != null) {
						interceptor.preHandle(request, response, handler);
					}
					response.setStatus(200);
					for (int i = 0; i < writes; i++) {
						response.getOutputStream().write(BODY, 0, BODY.length);
					}
					if (interceptor != null) {
						interceptor.afterCompletion(request, response, handler, null);
					}
				}
				catch (IOException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new ServletException(ex);
				}
			};
		}

		private void configureAccessLogger() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			Logger logger = context.getLogger(AccessLogger.LOGGER_NAME);
			logger.detachAndStopAllAppenders();
			logger.setLevel(ch.qos.logback.classic.Level.INFO);
			logger.setAdditive(false);
			Appender<ILoggingEvent> appender;
			if ("log-noop-appender".equals(this.mode)) {
				this.countingAppender = new CountingAppender();
				appender = this.countingAppender;
			}
			else {
				// the starter's encoder (AccessLogAppender), or the LogstashEncoder it replaced,
				// writing to a discarding stream
				Encoder<ILoggingEvent> encoder;
				if ("log-json-sync-logstash".equals(this.mode)) {
					LogstashEncoder logstash = new LogstashEncoder();
					logstash.setContext(context);
					logstash.setIncludeMdc(false);
					logstash.setIncludeContext(false);
					encoder = logstash;
				}
				else {
					AccessLogJsonEncoder shipped = new AccessLogJsonEncoder();
					shipped.setContext(context);
					encoder = shipped;
				}
				encoder.start();
				this.sink = new DiscardingOutputStream();
				OutputStreamAppender<ILoggingEvent> target = new OutputStreamAppender<>();
				target.setName("BENCHMARK_TARGET");
				target.setContext(context);
				target.setEncoder(encoder);
				target.setOutputStream(this.sink);
				target.start();
				appender = target;
				if ("log-json-async".equals(this.mode)) {
					AsyncAppender async = new AsyncAppender();
					async.setName("BENCHMARK_ASYNC");
					async.setContext(context);
					async.setQueueSize(1024);
					async.setDiscardingThreshold(0);
					async.setNeverBlock(false);
					async.setIncludeCallerData(false);
					async.addAppender(target);
					async.start();
					appender = async;
				}
			}
			if (this.countingAppender != null) {
				this.countingAppender.setContext(context);
				this.countingAppender.setName("BENCHMARK_NOOP");
				this.countingAppender.start();
			}
			logger.addAppender(appender);
			this.attached = appender;
		}

		/**
		 * Runs one request and checks that the path under test really ran: the trace id reached
		 * the response, and the access-log line was written where there is one.
		 */
		private void verify() throws Exception {
			long before = written();
			invoke();
			if (!this.mode.startsWith("baseline") && !"nolog-notrace".equals(this.mode)) {
				String header = this.servletResponse.getHeader("X-Trace-Id");
				if (!this.traceId.equals(header)) {
					throw new IllegalStateException("Trace id not applied: X-Trace-Id=" + header);
				}
			}
			if (this.mode.startsWith("log-")) {
				if ("log-json-async".equals(this.mode)) {
					Thread.sleep(200);
				}
				if (written() <= before) {
					throw new IllegalStateException("No access-log line written in mode " + this.mode);
				}
				if (this.sink != null) {
					String line = this.sink.lastLine();
					if (!line.contains("\"trace_id\":\"" + this.traceId + "\"") || !line.contains("\"http_route\":\"" + ROUTE + "\"")) {
						throw new IllegalStateException("Unexpected access-log line: " + line);
					}
				}
			}
			if (this.leanResponse != null) {
				if (this.leanResponse.bodyBytes() != (long) BODY.length * this.writes) {
					throw new IllegalStateException("Unexpected body length: " + this.leanResponse.bodyBytes());
				}
			}
			else if (!"pong".repeat(this.writes).equals(this.response.getContentAsString())) {
				throw new IllegalStateException("Unexpected body: " + this.response.getContentAsString());
			}
		}

		private long written() {
			if (this.countingAppender != null) {
				return this.countingAppender.count;
			}
			return (this.sink != null) ? this.sink.lines : 0;
		}

		void invoke() throws IOException, ServletException {
			if (this.leanResponse != null) {
				this.leanResponse.recycle();
				this.leanRequest.clearAttributes();
			}
			else {
				this.response.setCommitted(false);
				this.response.reset();
				// the context and the body captures the filter keeps on the request
				this.request.clearAttributes();
			}
			HttpServletResponse response = this.servletResponse;
			MDC.put("traceId", this.traceId);
			MDC.put("spanId", this.spanId);
			try (Tracer.SpanInScope scope = this.tracer.withSpan(this.span)) {
				this.filter.doFilter(this.servletRequest, response, this.chain);
			}
			finally {
				MDC.remove("traceId");
				MDC.remove("spanId");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.attached != null) {
				this.attached.stop();
				LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
				context.getLogger(AccessLogger.LOGGER_NAME).detachAppender(this.attached);
			}
			this.span.end();
			this.tracerProvider.close();
			if (this.watchdog != null) {
				this.watchdog.close();
			}
		}

	}

	@Benchmark
	public MockHttpServletResponse request(RequestState state) throws IOException, ServletException {
		state.invoke();
		return state.response;
	}

	/**
	 * Discards events; counts them so the setup can check the line was logged.
	 */
	static final class CountingAppender extends AppenderBase<ILoggingEvent> {

		long count;

		@Override
		protected void append(ILoggingEvent event) {
			this.count++;
		}

	}

	/**
	 * Discards bytes; keeps the last line (up to 4 KB) for the setup's check.
	 */
	static final class DiscardingOutputStream extends OutputStream {

		private final byte[] last = new byte[4096];

		private int length;

		volatile long lines;

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			int n = Math.min(len, this.last.length);
			System.arraycopy(b, off, this.last, 0, n);
			this.length = n;
			this.lines++;
		}

		String lastLine() {
			return new String(this.last, 0, this.length, StandardCharsets.UTF_8);
		}

	}

}
