package io.middlewaretrace.jdbcleaks;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.testapp.LocalServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests to the {@link JdbcLeakTestApplication} on a real embedded Tomcat and reads of the
 * {@code leaks} endpoint; cleans up the connections {@code /leak} left open.
 */
abstract class JdbcLeakServerSupport {

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
