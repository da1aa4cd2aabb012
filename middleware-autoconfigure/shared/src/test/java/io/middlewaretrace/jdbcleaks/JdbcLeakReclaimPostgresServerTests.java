package io.middlewaretrace.jdbcleaks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.middlewaretrace.deadline.jdbc.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reclaiming leaked connections from a HikariCP pool of two on a real (embedded) PostgreSQL,
 * connections held too long, and the bounded rings, on a real embedded Tomcat.
 */
@SpringBootTest(classes = JdbcLeakTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.username=postgres", "spring.datasource.hikari.pool-name=reclaim-pg",
				"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=3000",
				"spring.jpa.hibernate.ddl-auto=create", "management.endpoints.web.exposure.include=leaks,health",
				"middleware.leaks.sweep-interval=50ms", "middleware.leaks.recent=3",
				"middleware.leaks.connections.held-threshold=400ms",
				"middleware.leaks.connections.reclaim.enabled=true",
				"middleware.leaks.connections.reclaim.grace-period=200ms" })
class JdbcLeakReclaimPostgresServerTests extends JdbcLeakServerSupport {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
	}

	@Override
	String poolName() {
		return "reclaim-pg";
	}

	@Test
	void leakedConnectionsAreReclaimedAfterTheGracePeriodSoThePoolOfTwoServesAgain() throws Exception {
		String first = get("/leak");
		String second = get("/leak");
		awaitRecord("reclaimed", first);
		awaitRecord("reclaimed", second);
		// both slots are back: two requests that each need a connection succeed
		get("/ok");
		get("/tx");
		Connection old = JdbcLeakController.LEAKED.get(0);
		assertThatExceptionOfType(SQLException.class).isThrownBy(old::createStatement)
			.withMessageContaining("reclaimed");
		for (Connection connection : JdbcLeakController.LEAKED) {
			connection.close();
		}
		JdbcLeakController.LEAKED.clear();
		JsonNode pool = pool();
		assertThat(pool.path("total").asInt()).isLessThanOrEqualTo(2);
		assertThat(pool.path("lateReturned").toString()).doesNotContain(first).doesNotContain(second);
		get("/ok");
	}

	@Test
	void connectionHeldBeyondTheThresholdIsSuspectAndItsReturnLate() throws Exception {
		String traceId = get("/hold?ms=900");
		JsonNode suspect = awaitRecord("suspect", traceId);
		assertThat(suspect.path("route").asText()).isEqualTo("/hold");
		JsonNode late = awaitRecord("lateReturned", traceId);
		assertThat(late.path("heldMs").asLong()).isGreaterThanOrEqualTo(800);
		assertThat(traceIds("leaked")).doesNotContain(traceId);
	}

	@Test
	void ringsKeepTheThreeMostRecentLeaks() throws Exception {
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String traceId = get("/leak");
			traceIds.add(traceId);
			awaitRecord("reclaimed", traceId);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(traceIds("leaked")).containsExactly(traceIds.get(4), traceIds.get(3), traceIds.get(2));
			assertThat(traceIds("reclaimed")).containsExactly(traceIds.get(4), traceIds.get(3), traceIds.get(2));
		});
	}

}
