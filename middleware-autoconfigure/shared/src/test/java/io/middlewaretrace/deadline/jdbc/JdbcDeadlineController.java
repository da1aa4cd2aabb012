package io.middlewaretrace.deadline.jdbc;

import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that query the database the ways applications do. {@code test.slow-sql} is a
 * statement that takes seconds; {@code test.session-sql} reads a session setting the wrapper
 * must not leave changed.
 */
@RestController
class JdbcDeadlineController {

	private final JdbcTemplate jdbc;

	private final ProbeRepository probes;

	private final ProbeWriter writer;

	private final Environment environment;

	JdbcDeadlineController(JdbcTemplate jdbc, ProbeRepository probes, ProbeWriter writer, Environment environment) {
		this.jdbc = jdbc;
		this.probes = probes;
		this.writer = writer;
		this.environment = environment;
	}

	@GetMapping("/jdbc/slow")
	Object slow() {
		return this.jdbc.queryForList(this.environment.getRequiredProperty("test.slow-sql"));
	}

	@GetMapping("/jdbc/select")
	Map<String, Object> select() {
		return Map.of("value", this.jdbc.queryForObject("select 42", Integer.class), "session",
				this.jdbc.queryForObject(this.environment.getRequiredProperty("test.session-sql"), String.class));
	}

	@GetMapping("/jpa/pg-sleep")
	long jpaPgSleep() {
		return this.probes.pgSleep(5);
	}

	@GetMapping("/jpa/h2-slow")
	long jpaH2Slow() {
		return this.probes.h2Slow();
	}

	@GetMapping("/jpa/count")
	long count() {
		return this.probes.count();
	}

	@PostMapping("/tx/save-then-slow")
	void saveThenSlow() {
		this.writer.saveThenSlow(this.environment.getRequiredProperty("test.slow-sql"));
	}

}
