package io.middlewaretrace.deadline.jdbc;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.middlewaretrace.jdbc.ObservedDataSource;
import io.middlewaretrace.testapp.LocalServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with a short {@code X-Request-Timeout-Ms} budget against a real embedded Tomcat and a
 * real (embedded) PostgreSQL behind a HikariCP pool of one connection with a 30 s connection
 * timeout. The thread interrupt is off, so only the JDBC integration can stop the waiting.
 */
@SpringBootTest(classes = JdbcDeadlineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.deadline.interrupt=false", "spring.datasource.username=postgres",
				"spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=30000",
				"spring.datasource.hikari.pool-name=pg-pool",
				// no drop at exit: the embedded server may already be gone, and Hikari would wait 30 s
				"spring.jpa.hibernate.ddl-auto=create",
				"test.slow-sql=select pg_sleep(5)", "test.session-sql=show statement_timeout",
				"management.endpoints.web.exposure.include=deadlines" })
class JdbcDeadlinePostgresServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
	}

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Test
	void dataSourceIsWrappedAndStillUnwrapsToThePool() {
		assertThat(this.dataSource).isInstanceOf(ObservedDataSource.class);
		assertThat(DataSourceUnwrapper.unwrap(this.dataSource, HikariConfigMXBean.class, HikariDataSource.class))
			.isNotNull();
	}

	@Test
	void jdbcTemplateStatementIsCancelledAtTheDeadline() throws Exception {
		assertTimesOutIn("/jdbc/slow", "jdbc.execute");
		assertConnectionReusable();
	}

	@Test
	void deadlinesEndpointShowsTheWaitForTheConnectionAndTheStatementWithoutValues() throws Exception {
		HttpResponse<String> response = server().get("/jdbc/slow", "X-Request-Timeout-Ms", "300");
		assertThat(response.statusCode()).isEqualTo(504);
		String traceId = JSON.readTree(response.body()).path("traceId").asText();
		assertThat(traceId).isNotEmpty();
		JsonNode record = JSON.readTree(server().get("/actuator/deadlines/" + traceId).body());
		assertThat(record.path("phase").asText()).isEqualTo("jdbc.execute");
		JsonNode phases = record.path("phases");
		assertThat(phases).hasSize(2);
		assertThat(phases.get(0).path("name").asText()).isEqualTo("jdbc.acquire");
		assertThat(phases.get(0).path("detail").asText()).isEqualTo("pg-pool");
		assertThat(phases.get(0).path("outcome").asText()).isEqualTo("ok");
		assertThat(phases.get(1).path("name").asText()).isEqualTo("jdbc.execute");
		// a plain statement: its literal is masked
		assertThat(phases.get(1).path("detail").asText()).isEqualTo("select pg_sleep(?)");
		assertThat(phases.get(1).path("outcome").asText()).isEqualTo("deadline");
		assertConnectionReusable();
	}

	@Test
	void jpaQueryIsCancelledAtTheDeadline() throws Exception {
		assertTimesOutIn("/jpa/pg-sleep", "jdbc.execute");
		assertConnectionReusable();
		assertThat(server().get("/jpa/count").statusCode()).isEqualTo(200);
	}

	@Test
	void transactionCutShortIsRolledBackAndItsConnectionReused() throws Exception {
		long before = Long.parseLong(server().get("/jpa/count").body());
		HttpResponse<String> response = server().send(HttpRequest.newBuilder(server().uri("/tx/save-then-slow"))
			.header("X-Request-Timeout-Ms", "600")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).path("phase").asText()).isEqualTo("jdbc.execute");
		assertConnectionReusable();
		assertThat(Long.parseLong(server().get("/jpa/count").body())).isEqualTo(before);
	}

	@Test
	void acquisitionWaitsOnlyTheBudgetWhenThePoolIsExhausted() throws Exception {
		try (Connection held = this.dataSource.getConnection()) {
			assertTimesOutIn("/jdbc/select", "jdbc.acquire");
		}
		assertConnectionReusable();
	}

	private void assertTimesOutIn(String path, String phase) throws Exception {
		long[] overshoots = new long[3];
		for (int i = 0; i < overshoots.length; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = server().get(path, "X-Request-Timeout-Ms", "300");
			long elapsedMillis = (System.nanoTime() - start) / 1_000_000L;
			assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.path("phase").asText()).isEqualTo(phase);
			assertThat(problem.path("budgetMs").asLong()).isEqualTo(300);
			overshoots[i] = elapsedMillis - 300;
		}
		TestDeadlines.assertPrecise(overshoots);
	}

	private void assertConnectionReusable() throws Exception {
		HttpResponse<String> response = server().get("/jdbc/select", "X-Request-Timeout-Ms", "5000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("value").asInt()).isEqualTo(42);
		// never SET statement_timeout: the session is as PostgreSQL made it
		assertThat(body.path("session").asText()).isEqualTo("0");
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
