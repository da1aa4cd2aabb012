package io.middlewaretrace.deadline.http;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.ResourceAccessException;

import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineRecord;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RestClient from Boot's builder given an Apache HttpClient 5 request factory the application
 * built itself: the starter's HttpClient hooks are not in that client, the interceptor's
 * guarantees still hold (fail fast, the budget header, {@code http.call}/{@code http.body}, a
 * 504 naming the call), with the default interrupt at the deadline on. A blocked socket read is
 * then ended by the client's own timeout, not at the deadline: on a platform thread, which this
 * test pins where the suite runs with virtual threads (there the interrupt ends the read itself).
 */
@WithObservability
@SpringBootTest(classes = TlsDeadlineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=false", AbstractHttpDeadlineServerTests.MARGIN,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class UserBuiltHttpComponentsFactoryServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder recorder;

	@Test
	void failsAtOnceWithoutNetworkIoWhenTheBudgetIsSpent() throws Exception {
		int before = SlowServer.get().requests();
		HttpResponse<String> response = server().get("/user/spent", "X-Request-Timeout-Ms", "100");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(SlowServer.get().requests()).isEqualTo(before);
		assertThat(NestedExceptionUtils.getRootCause(TlsDeadlineTestApplication.FAILURE.get()))
			.isInstanceOf(DeadlineExceededException.class);
	}

	@Test
	void sendsTheRemainingBudgetAndRecordsTheCallButNoClientPhases() throws Exception {
		HttpResponse<String> response = server().get("/user/call", "X-Request-Timeout-Ms", "1000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("timeoutMs").asLong()).isBetween(700L, 900L);
		DeadlineRecord record = awaitRecord(response);
		assertThat(AbstractHttpDeadlineServerTests.names(record)).containsSubsequence(
				DeadlineClientHttpRequestInterceptor.CALL_PHASE, DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		// the application's client has none of the starter's HttpClient hooks
		assertThat(AbstractHttpDeadlineServerTests.names(record)).doesNotContain(DeadlineExecChainHandler.LEASE_PHASE,
				DeadlineExecChainHandler.CONNECT_PHASE, TimedDnsResolver.DNS_PHASE);
	}

	@Test
	void aCallPastTheDeadlineIsAnswered504NamingTheCallOnceTheClientsOwnTimeoutEndsIt() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/user/call?delayMs=4000", "X-Request-Timeout-Ms", "300");
		long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("phase").asText()).isEqualTo(DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		// not cut at 300 ms: the interrupt does not end a blocked socket read, the client's 1.5 s timeout does
		assertThat(elapsedMs).isBetween(TlsDeadlineTestApplication.USER_READ_TIMEOUT.toMillis() - 100,
				TlsDeadlineTestApplication.USER_READ_TIMEOUT.toMillis() + 1_000);
		Throwable failure = TlsDeadlineTestApplication.FAILURE.get();
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasMessageContaining("deadline passed");
		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(DeadlineExceededException.class);
	}

	private DeadlineRecord awaitRecord(HttpResponse<String> response) throws InterruptedException {
		return AbstractHttpDeadlineServerTests.awaitRecord(this.recorder, response);
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
