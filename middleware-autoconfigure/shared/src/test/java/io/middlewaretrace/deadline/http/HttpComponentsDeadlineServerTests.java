package io.middlewaretrace.deadline.http;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.deadline.DeadlineRecord;
import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines in calls made with Apache HttpClient 5, which also reports its pool lease, DNS
 * lookup and connect.
 */
@WithObservability
@SpringBootTest(classes = DeadlineHttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { BootLineSupport.HTTP_CLIENT_FACTORY + "=http-components", AbstractHttpDeadlineServerTests.PROPERTIES,
				AbstractHttpDeadlineServerTests.MARGIN, AbstractHttpDeadlineServerTests.TRACING,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class HttpComponentsDeadlineServerTests extends AbstractHttpDeadlineServerTests {

	/** HttpClient's default connections per route, which Boot keeps. */
	private static final int POOL_PER_ROUTE = 5;

	@Autowired
	private RestClient slowServerClient;

	@Test
	void boundsTheWaitForAPooledConnectionByTheBudget() throws Exception {
		int before = SlowServer.get().requests();
		ExecutorService threads = Executors.newFixedThreadPool(POOL_PER_ROUTE);
		try {
			List<CompletableFuture<String>> holders = new ArrayList<>();
			for (int i = 0; i < POOL_PER_ROUTE; i++) {
				// outside any request: each holds a pooled connection for 1.5 s
				holders.add(CompletableFuture.supplyAsync(
						() -> this.slowServerClient.get().uri("/echo?delayMs=1500").retrieve().body(String.class),
						threads));
			}
			while (SlowServer.get().requests() < before + POOL_PER_ROUTE) {
				Thread.sleep(5);
			}
			long start = System.nanoTime();
			HttpResponse<String> response = server().get("/call", "X-Request-Timeout-Ms", "300");
			long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(response.body()).contains("\"phase\":\"" + DeadlineExecChainHandler.LEASE_PHASE + "\"");
			assertThat(elapsedMs).isBetween(300L, 300L + AbstractHttpDeadlineServerTests.TIMING_SLACK_MS);
			for (CompletableFuture<String> holder : holders) {
				assertThat(holder.get(5, TimeUnit.SECONDS)).contains("timeoutMs");
			}
		}
		finally {
			threads.shutdown();
		}
		// the waiting call never reached the server
		assertThat(SlowServer.get().requests()).isEqualTo(before + POOL_PER_ROUTE);
	}

	@Override
	void assertClientPhases(DeadlineRecord record) {
		// the server closes each connection (close=true): every call leases, resolves and connects
		assertThat(names(record)).containsSubsequence(DeadlineExecChainHandler.LEASE_PHASE,
				DeadlineExecChainHandler.CONNECT_PHASE, TimedDnsResolver.DNS_PHASE);
		assertThat(names(record)).containsSubsequence(DeadlineClientHttpRequestInterceptor.CALL_PHASE,
				DeadlineExecChainHandler.LEASE_PHASE, DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		assertThat(phase(record, DeadlineExecChainHandler.CONNECT_PHASE).outcome()).isEqualTo("ok");
		assertThat(phase(record, TimedDnsResolver.DNS_PHASE).detail()).isEqualTo("127.0.0.1");
	}

}
