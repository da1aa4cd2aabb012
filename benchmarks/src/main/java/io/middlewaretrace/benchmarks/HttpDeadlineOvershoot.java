package io.middlewaretrace.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.impl.ChainElement;
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

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;
import io.middlewaretrace.deadline.http.DeadlineExecChainHandler;

/**
 * How long after a request's deadline the caller of an outbound HTTP call gets control back.
 * Each invocation binds a request context whose deadline is {@code budgetMs} away, with the
 * shared watchdog marking it at the deadline as the starter's deadline filter does, and calls a
 * local server that answers only after 1 s, through a RestClient with the starter's
 * interceptor (and, for {@code hc5}, its exec chain handler) on the JDK client or Apache
 * HttpClient 5, built by Boot's request factory builders. The call fails at the deadline; the
 * invocation ends when the caller has the exception.
 * <p>
 * Sample mode: percentile {@code p} of the invocation time minus {@code budgetMs} is percentile
 * {@code p} of the overshoot (the target is p99 &lt; 25 ms).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HttpDeadlineOvershoot {

	@State(Scope.Benchmark)
	public static class Call {

		@Param({ "jdk", "hc5" })
		public String client;

		@Param({ "50" })
		public long budgetMs;

		HttpServer server;

		ExecutorService serverThreads;

		DeadlineWatchdog watchdog;

		RestClient restClient;

		@Setup(Level.Trial)
		public void setUp() throws IOException {
			this.serverThreads = Executors.newCachedThreadPool();
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
			this.server.setExecutor(this.serverThreads);
			this.server.createContext("/slow", (exchange) -> {
				try (exchange) {
					Thread.sleep(1000);
					exchange.sendResponseHeaders(200, 2);
					try (OutputStream body = exchange.getResponseBody()) {
						body.write(new byte[] { 'o', 'k' });
					}
				}
				catch (InterruptedException | IOException ex) {
					// the caller is gone
				}
			});
			this.server.start();
			this.watchdog = new DeadlineWatchdog(Duration.ofMillis(5));
			this.restClient = RestClient.builder()
				.requestFactory(requestFactory(this.client))
				.requestInterceptor(new DeadlineClientHttpRequestInterceptor(Duration.ofMillis(10),
						DeadlineClientHttpRequestInterceptor.DEFAULT_HEADER))
				.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
				.build();
		}

		private static ClientHttpRequestFactory requestFactory(String client) {
			ClientHttpRequestFactorySettings settings = ClientHttpRequestFactorySettings.defaults();
			if (client.equals("hc5")) {
				return ClientHttpRequestFactoryBuilder.httpComponents()
					.withHttpClientCustomizer((builder) -> builder.addExecInterceptorBefore(ChainElement.PROTOCOL.name(),
							DeadlineExecChainHandler.NAME, new DeadlineExecChainHandler(null, null)))
					.build(settings);
			}
			return ClientHttpRequestFactoryBuilder.jdk().build(settings);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.server.stop(0);
			this.serverThreads.shutdownNow();
			this.watchdog.close();
		}

	}

	@Benchmark
	public Object callPastTheDeadline(Call call) {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Deadline deadline = Deadline.after(Duration.ofMillis(call.budgetMs));
		DeadlineHook watched = call.watchdog.watch(DeadlineState.start(context, deadline), "benchmark");
		RequestContextHolder.set(context);
		try {
			return call.restClient.get().uri("/slow").retrieve().body(String.class);
		}
		catch (ResourceAccessException ex) {
			if (!(NestedExceptionUtils.getRootCause(ex) instanceof DeadlineExceededException)) {
				throw new IllegalStateException("Call failed, but not by its deadline", ex);
			}
			return ex;
		}
		finally {
			watched.close();
			RequestContextHolder.clear();
		}
	}

}
