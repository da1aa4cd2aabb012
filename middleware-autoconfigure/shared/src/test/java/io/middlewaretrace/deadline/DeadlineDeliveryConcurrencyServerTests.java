package io.middlewaretrace.deadline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.middlewaretrace.context.DeadlineOutcome;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.web.RequestParticipant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of requests on a real embedded Tomcat with budgets at their handlers' own time, so
 * that deadlines pass everywhere around the end of the response: every response the server
 * recorded as complete reached the client whole, and the only incomplete ones are those it
 * recorded as cut.
 */
@SpringBootTest(classes = { TestApplication.class, DeadlineDeliveryConcurrencyServerTests.Recording.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.access-log.enabled=false", "middleware.deadline.default-timeout=3s",
				"server.tomcat.threads.max=16" })
class DeadlineDeliveryConcurrencyServerTests {

	private static final int CLIENTS = 16;

	private static final int REQUESTS_PER_CLIENT = 150;

	private static final String[] PATHS = { "/delivery/timed?millis=5", "/delivery/timed-stream?millis=5",
			"/delivery/sized", "/delivery/page?beforeKb=1&afterKb=1&millis=2",
			"/delivery/page?beforeKb=16&afterKb=1&millis=2" };

	@LocalServerPort
	private int port;

	private final Map<String, Recorded> recorded = Recording.RECORDED;

	@Test
	void noResponseTheServerRecordedCompleteReachesTheClientIncomplete() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<Future<List<Seen>>> results = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			results.add(clients.submit(this::client));
		}
		List<Seen> seen = new ArrayList<>();
		for (Future<List<Seen>> result : results) {
			seen.addAll(result.get(120, TimeUnit.SECONDS));
		}
		clients.shutdown();
		awaitRecords(seen);
		Map<String, Integer> counts = new java.util.TreeMap<>();
		List<String> wrong = new ArrayList<>();
		for (Seen response : seen) {
			Recorded server = (response.traceId() != null) ? this.recorded.get(response.traceId()) : null;
			if (server == null) {
				// no trace id to join on (nothing, or no head, reached the client), or no record
				wrong.add(response + " not recorded");
				continue;
			}
			String outcome = (server.outcome() != null) ? server.outcome().value() : "in time";
			counts.merge(response.status() + " " + outcome + (response.complete() ? "" : " incomplete"), 1,
					Integer::sum);
			boolean cut = server.outcome() == DeadlineOutcome.CUT;
			if (response.complete() == cut || response.status() != server.status()) {
				wrong.add(response + " recorded " + server);
			}
		}
		// the figures the issue asks for, in the build log
		System.out.println("Deliveries of " + seen.size() + " requests (status, outcome): " + counts);
		assertThat(seen).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
		assertThat(wrong).as("responses the client got otherwise than recorded, of %s", counts).isEmpty();
		assertThat(seen).as("statuses").allSatisfy((response) -> assertThat(response.status()).isIn(200, 504));
		// the budgets did land around the end of the responses
		assertThat(counts.keySet()).as("outcomes seen").anyMatch((key) -> key.contains("late"))
			.anyMatch((key) -> key.contains("exceeded"))
			.anyMatch((key) -> key.contains("in time"));
	}

	private List<Seen> client() throws Exception {
		List<Seen> seen = new ArrayList<>();
		RawHttpConnection connection = new RawHttpConnection(this.port);
		try {
			for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
				String path = PATHS[ThreadLocalRandom.current().nextInt(PATHS.length)];
				int budget = ThreadLocalRandom.current().nextInt(2, 9);
				connection.get(path, "X-Request-Timeout-Ms", Integer.toString(budget));
				RawHttpConnection.Response response = connection.readResponse();
				String status = response.head().isEmpty() ? "0" : response.head().substring(9, 12);
				seen.add(new Seen(path, budget, Integer.parseInt(status), response.header("X-Trace-Id"),
						response.complete()));
				// as an HTTP client must: a server may end a kept-alive connection after any
				// response it marks so (Tomcat does after 100 requests on one connection)
				if (!response.complete() || response.endOfStream()
						|| "close".equalsIgnoreCase(response.header("Connection"))) {
					connection.close();
					connection = new RawHttpConnection(this.port);
				}
			}
		}
		finally {
			connection.close();
		}
		return seen;
	}

	private void awaitRecords(List<Seen> seen) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		// a response without a trace id is reported with the others, by the test
		while (System.nanoTime() - end < 0 && !seen.stream()
			.allMatch((response) -> response.traceId() == null || this.recorded.containsKey(response.traceId()))) {
			Thread.sleep(20);
		}
	}

	record Seen(String path, int budgetMs, int status, String traceId, boolean complete) {
	}

	record Recorded(int status, DeadlineOutcome outcome, long bytes) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import(DeliveryTestEndpoints.class)
	static class Recording {

		static final Map<String, Recorded> RECORDED = new ConcurrentHashMap<>();

		@Bean
		RequestParticipant recordingParticipant() {
			return new RequestParticipant() {

				@Override
				public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
						HttpServletResponse response) {
					RECORDED.put(context.traceId(),
							new Recorded(context.status(), context.deadlineOutcome(), context.responseBytes()));
				}

			};
		}

	}

}
