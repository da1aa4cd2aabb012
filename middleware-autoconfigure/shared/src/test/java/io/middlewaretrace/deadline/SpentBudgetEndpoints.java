package io.middlewaretrace.deadline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.deadline.http.SlowServer;

/**
 * Handlers that call another service (the {@link SlowServer}, through a Boot-built RestClient)
 * and the database (H2 behind HikariCP) with little or no budget left, and let whatever the
 * call ends with escape, as most applications do.
 */
@TestConfiguration(proxyBeanMethods = false)
class SpentBudgetEndpoints {

	@RestController
	static class SpentBudgetController {

		private final RestClient client;

		private final JdbcTemplate jdbc;

		private final DataSource dataSource;

		SpentBudgetController(RestClient.Builder builder, JdbcTemplate jdbc, DataSource dataSource) {
			this.client = builder.baseUrl(SlowServer.get().url("")).build();
			this.jdbc = jdbc;
			this.dataSource = dataSource;
		}

		/**
		 * Calls the other service with the deadline held {@code leftNanos} from passing.
		 */
		@GetMapping("/spent/http")
		String http(@RequestParam long leftNanos) {
			StoppedClockDeadlines.stopCurrent(leftNanos);
			return this.client.get().uri("/echo").retrieve().body(String.class);
		}

		/**
		 * Borrows a connection with the deadline held {@code leftNanos} from passing.
		 */
		@GetMapping("/spent/acquire")
		Integer acquire(@RequestParam long leftNanos) {
			StoppedClockDeadlines.stopCurrent(leftNanos);
			return this.jdbc.queryForObject("SELECT 1", Integer.class);
		}

		/**
		 * Borrows a connection in time, then runs a statement on it with the deadline held
		 * {@code leftNanos} from passing.
		 */
		@GetMapping("/spent/statement")
		int statement(@RequestParam long leftNanos) throws SQLException {
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				StoppedClockDeadlines.stopCurrent(leftNanos);
				try (ResultSet result = statement.executeQuery("SELECT 1")) {
					result.next();
					return result.getInt(1);
				}
			}
		}

		/**
		 * Queries the database, then calls the other service, on the request's own deadline.
		 */
		@GetMapping("/spent/both")
		String both() {
			Integer one = this.jdbc.queryForObject("SELECT 1", Integer.class);
			return one + this.client.get().uri("/echo").retrieve().body(String.class);
		}

	}

}
