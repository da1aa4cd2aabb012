package io.middlewaretrace.jdbcleaks;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.LocalServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request-scoped connection leaks found at request end on a real embedded Tomcat, for each
 * database: attribution, concurrency and no false positives.
 */
abstract class AbstractJdbcLeakServerTests {

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	abstract String poolName();

	@AfterEach
	void closeLeakedConnections() throws Exception {
		for (Connection connection : JdbcLeakController.LEAKED) {
			connection.close();
		}
		JdbcLeakController.LEAKED.clear();
	}

	@Test
	void connectionLeftOpenIsReportedAtRequestEndWithItsRequestAndFrames() throws Exception {
		String traceId = get("/leak");
		assertThat(traceId).isNotEqualTo("none");
		JsonNode leak = awaitRecord("leaked", traceId);
		assertThat(leak.path("route").asText()).isEqualTo("/leak");
		assertThat(leak.path("pool").asText()).isEqualTo(poolName());
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

	String get(String path) throws Exception {
		HttpResponse<String> response = server().get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	JsonNode pool() throws Exception {
		HttpResponse<String> response = server().get("/actuator/leaks");
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body()).path("sources").path("connections").path("pools").path(poolName());
	}

	List<String> traceIds(String ring) throws Exception {
		List<String> traceIds = new ArrayList<>();
		for (JsonNode record : pool().path(ring)) {
			traceIds.add(record.path("traceId").asText());
		}
		return traceIds;
	}

	JsonNode awaitRecord(String ring, String traceId) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			for (JsonNode record : pool().path(ring)) {
				if (traceId.equals(record.path("traceId").asText())) {
					found[0] = record;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	LocalServer server() {
		return new LocalServer(this.port);
	}

}
