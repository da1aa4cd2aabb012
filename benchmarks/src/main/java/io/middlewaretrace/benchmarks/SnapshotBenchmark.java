package io.middlewaretrace.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.zalando.logbook.Logbook;
import org.zalando.logbook.core.DefaultSink;
import org.zalando.logbook.core.StreamHttpLogWriter;
import org.zalando.logbook.json.JsonBodyFilters;
import org.zalando.logbook.json.JsonHttpLogFormatter;
import org.zalando.logbook.servlet.LogbookFilter;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.anomaly.RequestAnomalyDetector;
import io.middlewaretrace.autoconfigure.snapshot.SnapshotProperties;
import io.middlewaretrace.snapshot.NotableRequestSnapshotter;
import io.middlewaretrace.snapshot.Redactor;
import io.middlewaretrace.snapshot.SnapshotFactory;
import io.middlewaretrace.stage.StageTraceRecorder;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.TraceFilterSettings;
import io.middlewaretrace.web.TraceSource;

/**
 * Request/response snapshots against Zalando Logbook, on the same exchange: a {@code POST} with a
 * 1 KB JSON body (one sensitive field) that the handler reads fully, answered with a 1 KB JSON
 * body. Both redact the same field and the {@code Authorization} header; neither does I/O (Logbook
 * writes its JSON line to a discarding stream; the starter keeps its record in memory).
 * <ul>
 * <li>{@code plain}: a pass-through filter (the harness alone);</li>
 * <li>{@code snapshot-capture}: the starter's filter with its defaults (bodies captured while
 * they stream, up to 4 KB, replayable); the request is not notable, so no snapshot is built - the
 * cost every request pays;</li>
 * <li>{@code snapshot-every-request}: the same, with every request notable (slow threshold 0):
 * each one gets a redacted snapshot and a record in the repository - the cost of a notable
 * request;</li>
 * <li>{@code logbook}: Logbook's servlet filter with its JSON formatter, logging every
 * request and response with their bodies.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SnapshotBenchmark {

	static final byte[] REQUEST_BODY = json(1024, "\"password\":\"hunter2\",");

	static final byte[] RESPONSE_BODY = json(1024, "");

	static byte[] json(int size, String extra) {
		StringBuilder json = new StringBuilder("{\"name\":\"rex\",").append(extra).append("\"notes\":\"");
		while (json.length() < size - 2) {
			json.append('n');
		}
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

	@State(Scope.Thread)
	public static class Exchange {

		@Param({ "plain", "snapshot-capture", "snapshot-every-request", "logbook" })
		public String mode;

		final BulkRequest request = new BulkRequest();

		final BulkResponse response = new BulkResponse();

		Filter filter;

		@Setup(Level.Trial)
		public void setUp() throws ServletException {
			SnapshotProperties properties = new SnapshotProperties();
			switch (this.mode) {
				case "plain" -> this.filter = (request, response, chain) -> chain.doFilter(request, response);
				case "snapshot-capture", "snapshot-every-request" -> {
					Duration slow = this.mode.equals("snapshot-capture") ? Duration.ofHours(1) : Duration.ZERO;
					StageTraceRecorder recorder = new StageTraceRecorder(new StageTraceRepository(100, 100), slow);
					Redactor redactor = new Redactor(properties.getRedactHeaders(), properties.getRedactParameters(),
							properties.getRedactBodyFields());
					TraceFilterSettings settings = new TraceFilterSettings(true, true, true, 0,
							(int) properties.getMaxBodySize().toBytes(), 64 * 1024);
					this.filter = new MiddlewareTraceFilter(TraceSource.NONE, RequestMetrics.NONE,
							List.of(new NotableRequestSnapshotter(recorder::isNotable, new SnapshotFactory(redactor)),
									new RequestAnomalyDetector(new AnomalyRegistry(100, Duration.ofMinutes(1), List.of())),
									recorder),
							settings);
				}
				case "logbook" -> {
					Logbook logbook = Logbook.builder()
						.bodyFilter(JsonBodyFilters.replaceJsonStringProperty(
								Set.copyOf(properties.getRedactBodyFields()), "******"))
						.sink(new DefaultSink(new JsonHttpLogFormatter(),
								new StreamHttpLogWriter(new PrintStream(OutputStream.nullOutputStream()))))
						.build();
					this.filter = new LogbookFilter(logbook);
				}
				default -> throw new IllegalArgumentException(this.mode);
			}
			this.request.setContentType("application/json");
			this.request.addHeader("Authorization", "Bearer secret-token");
		}

	}

	@Benchmark
	public Object exchange(Exchange exchange) throws Exception {
		BulkRequest request = exchange.request;
		request.setContent(REQUEST_BODY);
		request.clearAttributes();
		exchange.response.setCommitted(false);
		exchange.response.reset();
		exchange.response.body.reset();
		exchange.filter.doFilter(request, exchange.response, SnapshotBenchmark::handle);
		return exchange.response;
	}

	/**
	 * Spring's mock request reads its body one byte at a time (its stream does not override the
	 * bulk read), which made the harness dominate the measurement; this one reads in bulk, as a
	 * container does.
	 */
	static final class BulkRequest extends MockHttpServletRequest {

		private ByteArrayInputStream content;

		BulkRequest() {
			super("POST", "/api/visits");
		}

		@Override
		public void setContent(byte[] content) {
			super.setContent(content);
			this.content = new ByteArrayInputStream(content);
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = this.content;
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
				}

			};
		}

	}

	/**
	 * The response counterpart of {@link BulkRequest}: bulk writes into a reused buffer.
	 */
	static final class BulkResponse extends MockHttpServletResponse {

		final ByteArrayOutputStream body = new ByteArrayOutputStream(2048);

		private final ServletOutputStream out = new ServletOutputStream() {

			@Override
			public void write(int b) {
				BulkResponse.this.body.write(b);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				BulkResponse.this.body.write(b, off, len);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		};

		@Override
		public ServletOutputStream getOutputStream() {
			return this.out;
		}

	}

	/**
	 * The handler: reads the request body, answers 1 KB of JSON.
	 */
	static void handle(ServletRequest request, ServletResponse response) throws IOException {
		request.getInputStream().readAllBytes();
		response.setContentType("application/json");
		response.getOutputStream().write(RESPONSE_BODY);
	}

}
