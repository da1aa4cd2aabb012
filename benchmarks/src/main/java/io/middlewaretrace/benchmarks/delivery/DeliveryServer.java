package io.middlewaretrace.benchmarks.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server of the delivery load test ({@code benchmarks/delivery.sh}): a Spring MVC
 * application with the starter, its JSON access log written to a file, and handlers whose
 * duration the client chooses, so that budgets set at the handlers' own time let deadlines pass
 * everywhere around the end of a response: before the body, while it is written, just after it
 * was complete.
 * <p>
 * Usage: {@code DeliveryServer <port> <access-log-file> <h2|postgres>}; further Spring Boot
 * properties as {@code --name=value} arguments.
 */
@SpringBootApplication
public class DeliveryServer {

	/** Longest handler delay accepted, in milliseconds. */
	static final long MAX_DELAY_MS = 5_000;

	private static final String JSON_FIELD = "x".repeat(2_000);

	public static void main(String[] args) throws IOException {
		if (args.length < 3) {
			System.err.println("Usage: DeliveryServer <port> <access-log-file> <h2|postgres> [--name=value ...]");
			System.exit(2);
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", args[0]);
		properties.put("middleware.access-log.output", "file");
		properties.put("middleware.access-log.file", args[1]);
		properties.put("middleware.deadline.default-timeout", "10s");
		properties.put("management.tracing.sampling.probability", "1.0");
		properties.put("spring.datasource.hikari.maximum-pool-size", "20");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.io.middlewaretrace.benchmarks", "INFO");
		if ("postgres".equals(args[2])) {
			// the embedded server stops with the JVM (its own shutdown hook)
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
			properties.put("spring.datasource.username", "postgres");
		}
		else if ("h2".equals(args[2])) {
			properties.put("spring.datasource.url", "jdbc:h2:mem:delivery;DB_CLOSE_DELAY=-1");
			properties.put("spring.datasource.username", "sa");
		}
		else {
			throw new IllegalArgumentException("Unknown database '" + args[2] + "': h2 or postgres");
		}
		SpringApplication application = new SpringApplication(DeliveryServer.class);
		application.setDefaultProperties(properties);
		String[] rest = java.util.Arrays.copyOfRange(args, 3, args.length);
		application.run(rest);
	}

	/**
	 * The handlers. {@code ms} is how long each takes; the client's budget lands around it.
	 */
	@RestController
	static class Endpoints {

		private final JdbcTemplate jdbc;

		private final boolean postgres;

		Endpoints(JdbcTemplate jdbc) throws java.sql.SQLException {
			this.jdbc = jdbc;
			this.postgres = jdbc.execute((java.sql.Connection connection) -> connection.getMetaData()
				.getDatabaseProductName()
				.toLowerCase(java.util.Locale.ROOT)
				.contains("postgres"));
			jdbc.execute("create table owner (id int primary key, name varchar(64), city varchar(64))");
			for (int i = 1; i <= 40; i++) {
				jdbc.update("insert into owner values (?, ?, ?)", i, "Owner number " + i, "City " + (i % 7));
			}
			if (!this.postgres) {
				jdbc.execute("create alias sleep_ms for 'java.lang.Thread.sleep(long)'");
			}
		}

		/** Waits, then answers about 2 KB of JSON through a message converter. */
		@GetMapping("/load/json")
		Map<String, Object> json(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(checked(ms));
			return Map.of("owner", JSON_FIELD);
		}

		/** A statement that takes {@code ms} on the database, then 40 rows as JSON (about 2 KB). */
		@GetMapping("/load/query")
		List<Map<String, Object>> query(@RequestParam long ms) {
			if (this.postgres) {
				this.jdbc.queryForList("select pg_sleep(?)", checked(ms) / 1000.0);
			}
			else {
				this.jdbc.execute("call sleep_ms(" + checked(ms) + ")");
			}
			return this.jdbc.queryForList("select id, name, city from owner order by id");
		}

		/**
		 * A body with its Content-Length, written in full first; the handler returns {@code ms}
		 * later: complete before the deadline passes, so delivered whole.
		 */
		@GetMapping("/load/sized")
		void sized(@RequestParam long ms, @RequestParam(defaultValue = "4") int kb, HttpServletResponse response)
				throws IOException, InterruptedException {
			byte[] body = filled('s', checkedKb(kb));
			response.setContentType("text/plain");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			Thread.sleep(checked(ms));
		}

		/**
		 * A stream: half flushed, then {@code ms} of work, then the other half. A deadline that
		 * passes in between cuts it, the one kind of response that may be.
		 */
		@GetMapping("/load/stream")
		void stream(@RequestParam long ms, @RequestParam(defaultValue = "2") int kb, HttpServletResponse response)
				throws IOException, InterruptedException {
			response.setContentType("text/plain");
			OutputStream out = response.getOutputStream();
			out.write(filled('a', checkedKb(kb)));
			response.flushBuffer();
			Thread.sleep(checked(ms));
			out.write(filled('b', checkedKb(kb)));
		}

		/** Waits, then returns a body larger than the response buffer (64 KB by default). */
		@GetMapping("/load/page")
		String page(@RequestParam long ms, @RequestParam(defaultValue = "64") int kb) throws InterruptedException {
			Thread.sleep(checked(ms));
			return new String(filled('p', checkedKb(kb)), StandardCharsets.US_ASCII);
		}

		private static long checked(long ms) {
			if (ms < 0 || ms > MAX_DELAY_MS) {
				throw new IllegalArgumentException("ms must be between 0 and " + MAX_DELAY_MS);
			}
			return ms;
		}

		private static int checkedKb(int kb) {
			if (kb < 0 || kb > 1024) {
				throw new IllegalArgumentException("kb must be between 0 and 1024");
			}
			return kb;
		}

		private static byte[] filled(char letter, int kb) {
			byte[] page = new byte[kb * 1024];
			java.util.Arrays.fill(page, (byte) letter);
			return page;
		}

	}

}
