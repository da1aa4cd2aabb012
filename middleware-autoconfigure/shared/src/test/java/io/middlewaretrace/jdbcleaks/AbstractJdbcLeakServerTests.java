package io.middlewaretrace.jdbcleaks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request-scoped connection leaks found at request end on a real embedded Tomcat, for each
 * database: attribution, concurrency and no false positives.
 */
abstract class AbstractJdbcLeakServerTests extends JdbcLeakServerSupport {

	@Test
	void connectionLeftOpenIsReportedAtRequestEndWithItsRequestAndFrames() throws Exception {
		Instant before = Instant.now().minusMillis(1);
		String traceId = get("/leak");
		assertThat(traceId).isNotEqualTo("none");
		JsonNode leak = awaitRecord("leaked", traceId);
		assertThat(leak.path("route").asText()).isEqualTo("/leak");
		assertThat(leak.path("pool").asText()).isEqualTo(poolName());
		// an ISO-8601 instant, like the deadlines and anomalies endpoints write, not epoch millis
		assertThat(leak.path("borrowedAt").isTextual()).isTrue();
		assertThat(Instant.parse(leak.path("borrowedAt").asText())).isBetween(before,
				Instant.now().plus(Duration.ofSeconds(1)));
		assertThat(leak.path("frames").toString())
			.contains("io.middlewaretrace.jdbcleaks.JdbcLeakController.borrowAndForget");
		JsonNode health = JSON.readTree(server().get("/actuator/health/leaks").body());
		assertThat(health.path("details").path("leaking").asBoolean()).isTrue();
	}

	@Test
	void eachConcurrentLeakNamesItsOwnRequest() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> leaking = new ArrayList<>();
			List<Future<String>> closing = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				leaking.add(clients.submit(() -> get("/leak")));
				closing.add(clients.submit(() -> get("/ok")));
			}
			List<String> leakIds = new ArrayList<>();
			for (Future<String> future : leaking) {
				leakIds.add(future.get());
			}
			List<String> okIds = new ArrayList<>();
			for (Future<String> future : closing) {
				okIds.add(future.get());
			}
			for (String traceId : leakIds) {
				assertThat(awaitRecord("leaked", traceId).path("frames").toString()).contains("JdbcLeakController");
			}
			assertThat(traceIds("leaked")).doesNotContainAnyElementsOf(okIds);
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void connectionsReturnedByTheRequestOrItsAsyncPartAreNoLeak() throws Exception {
		List<String> traceIds = new ArrayList<>();
		for (String path : List.of("/ok", "/stream", "/callable", "/deferred", "/tx", "/jpa", "/jpa-async")) {
			String traceId = get(path);
			assertThat(traceId).as(path).isNotEqualTo("none");
			traceIds.add(traceId);
		}
		// a leak after them: once it is reported, theirs would have been too
		awaitRecord("leaked", get("/leak"));
		assertThat(traceIds("leaked")).doesNotContainAnyElementsOf(traceIds);
		JsonNode pool = pool();
		assertThat(pool.path("held")).hasSize(JdbcLeakController.LEAKED.size());
	}

}
