package io.middlewaretrace.deadline;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;
import io.middlewaretrace.deadline.http.SlowServer;
import io.middlewaretrace.deadline.jdbc.DeadlineConnectionListener;
import io.middlewaretrace.deadline.jdbc.DeadlineStatementListener;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once a request's budget is spent, whatever it fails with is answered 504: also in the instant
 * when less than a millisecond is left, which no call can be given, but the deadline has not
 * passed yet. On a real embedded Tomcat with Spring Security, a Boot-built RestClient calling a
 * real local server, and H2 behind HikariCP.
 */
@SpringBootTest(classes = { TestApplication.class, SpentBudgetEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.enabled=false", "middleware.deadline.http.margin=10ms" })
class SpentBudgetServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Less than a millisecond: a call cannot be given it, a deadline this far away has not passed.
	 */
	private static final long FRACTION_OF_A_MILLISECOND = 400_000;

	/**
	 * Stands for a response cut short, of which the client got no status.
	 */
	private static final int CUT_SHORT = -1;

	@LocalServerPort
	private int port;

	@Test
	void aCallWithLessThanTheMarginLeftIsAnswered504NamingTheCall() throws Exception {
		int reached = SlowServer.get().requests();
		// the deadline stays 10.4 ms away: the 10 ms margin leaves the call less than 1 ms
		HttpResponse<String> response = server().get("/spent/http?leftNanos=" + (10_000_000 + FRACTION_OF_A_MILLISECOND));
		assertTimedOutIn(response, DeadlineClientHttpRequestInterceptor.CALL_PHASE);
		assertThat(SlowServer.get().requests()).as("calls that reached the other service").isEqualTo(reached);
	}

	@Test
	void aCallWithAFractionOfAMillisecondLeftIsAnswered504NamingTheCall() throws Exception {
		HttpResponse<String> response = server().get("/spent/http?leftNanos=" + FRACTION_OF_A_MILLISECOND);
		assertTimedOutIn(response, DeadlineClientHttpRequestInterceptor.CALL_PHASE);
	}

	@Test
	void aConnectionBorrowedWithAFractionOfAMillisecondLeftIsAnswered504NamingTheAcquisition() throws Exception {
		HttpResponse<String> response = server().get("/spent/acquire?leftNanos=" + FRACTION_OF_A_MILLISECOND);
		assertTimedOutIn(response, DeadlineConnectionListener.ACQUIRE_PHASE);
	}

	@Test
	void aStatementRunWithAFractionOfAMillisecondLeftIsAnswered504NamingTheStatement() throws Exception {
		HttpResponse<String> response = server().get("/spent/statement?leftNanos=" + FRACTION_OF_A_MILLISECOND);
		assertTimedOutIn(response, DeadlineStatementListener.EXECUTE_PHASE);
	}

	@Test
	void aMillisecondLeftIsStillTimeForTheDatabase() throws Exception {
		HttpResponse<String> response = server().get("/spent/statement?leftNanos=1000000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("1");
	}

	@Test
	void requestsWithBudgetsAroundTheirCallsAreAnsweredInTimeOr504NeverWith500() throws Exception {
		int requests = 480;
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				// 1 to 32 ms: from no time for the call (10 ms margin) to enough for it
				String budget = Integer.toString(1 + (i % 32));
				sent.add(clients.submit(() -> {
					start.await();
					int status;
					try {
						status = server().get("/spent/both", "X-Request-Timeout-Ms", budget).statusCode();
					}
					catch (IOException ex) {
						// the deadline passed after the response was committed: it is cut short and
						// its connection closed, by design (DeadlineAfterCommitServerTests)
						status = CUT_SHORT;
					}
					statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
					return null;
				}));
			}
			start.countDown();
			for (Future<?> response : sent) {
				response.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		Map<Integer, Integer> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.get()));
		assertThat(counts.keySet()).as("statuses of %d requests: %s", requests, counts).isSubsetOf(200, 504, CUT_SHORT);
		assertThat(counts).as("statuses of %d requests", requests).containsKey(504);
	}

	private static void assertTimedOutIn(HttpResponse<String> response, String phase) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("phase").asText()).isEqualTo(phase);
		assertThat(problem.path("budgetSource").asText()).isEqualTo("test");
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
