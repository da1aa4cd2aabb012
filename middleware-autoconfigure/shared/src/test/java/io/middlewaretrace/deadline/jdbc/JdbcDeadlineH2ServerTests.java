package io.middlewaretrace.deadline.jdbc;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.middlewaretrace.testapp.LocalServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with a short budget against a real embedded Tomcat and H2 behind a HikariCP pool of
 * one connection: statements through JdbcTemplate and JPA are cancelled at the deadline, and
 * H2's per-session query timeout is never left changed for the next borrower.
 */
@SpringBootTest(classes = JdbcDeadlineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.deadline.interrupt=false", "spring.datasource.hikari.maximum-pool-size=1",
				"spring.datasource.hikari.connection-timeout=30000", "spring.jpa.hibernate.ddl-auto=create-drop",
				"test.slow-sql=" + DeadlineAwareDataSourceH2Tests.SLOW_SQL,
				"test.session-sql=SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_TIMEOUT'" })
class JdbcDeadlineH2ServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		registry.add("spring.datasource.url", () -> url);
	}

	@LocalServerPort
	int port;

	@Test
	void jdbcTemplateStatementIsCancelledAtTheDeadline() throws Exception {
		assertTimesOut("/jdbc/slow");
		assertConnectionReusableWithUntouchedSession();
	}

	@Test
	void jpaQueryIsCancelledAtTheDeadline() throws Exception {
		assertTimesOut("/jpa/h2-slow");
		assertConnectionReusableWithUntouchedSession();
	}

	private void assertTimesOut(String path) throws Exception {
		long[] overshoots = new long[3];
		for (int i = 0; i < overshoots.length; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = server().get(path, "X-Request-Timeout-Ms", "300");
			overshoots[i] = (System.nanoTime() - start) / 1_000_000L - 300;
			assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
			assertThat(JSON.readTree(response.body()).path("phase").asText()).isEqualTo("jdbc.execute");
		}
		TestDeadlines.assertPrecise(overshoots);
	}

	private void assertConnectionReusableWithUntouchedSession() throws Exception {
		HttpResponse<String> response = server().get("/jdbc/select", "X-Request-Timeout-Ms", "5000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("value").asInt()).isEqualTo(42);
		assertThat(body.path("session").asText()).isEqualTo("0");
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
