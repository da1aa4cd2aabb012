package io.middlewaretrace.deadline.jdbc;

import java.net.http.HttpResponse;

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
 * With the default settings the serving thread is also interrupted at the deadline: the
 * cancelled statement, the interrupted thread and the connection's return to the pool must
 * still leave a healthy connection for the next request (embedded PostgreSQL, one connection).
 */
@SpringBootTest(classes = JdbcDeadlineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.username=postgres", "spring.datasource.hikari.maximum-pool-size=1",
				// no drop at exit: the embedded server may already be gone, and Hikari would wait 30 s
				"spring.jpa.hibernate.ddl-auto=create", "test.slow-sql=select pg_sleep(5)",
				"test.session-sql=show statement_timeout" })
class JdbcDeadlineInterruptServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
	}

	@LocalServerPort
	int port;

	@Test
	void cancelledStatementsOnInterruptedThreadsLeaveTheConnectionHealthy() throws Exception {
		LocalServer server = new LocalServer(this.port);
		for (String path : new String[] { "/jdbc/slow", "/jpa/pg-sleep" }) {
			long start = System.nanoTime();
			HttpResponse<String> timedOut = server.get(path, "X-Request-Timeout-Ms", "300");
			assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(504);
			assertThat(JSON.readTree(timedOut.body()).path("phase").asText()).isEqualTo("jdbc.execute");
			assertThat((System.nanoTime() - start) / 1_000_000L).isLessThan(800);
			HttpResponse<String> next = server.get("/jdbc/select");
			assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
			JsonNode body = JSON.readTree(next.body());
			assertThat(body.path("value").asInt()).isEqualTo(42);
			assertThat(body.path("session").asText()).isEqualTo("0");
		}
	}

}
