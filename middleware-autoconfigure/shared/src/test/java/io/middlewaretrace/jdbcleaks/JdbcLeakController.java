package io.middlewaretrace.jdbcleaks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.middlewaretrace.context.RequestContext;

/**
 * Endpoints that borrow connections; each answers with its request's trace id.
 */
@RestController
class JdbcLeakController {

	/**
	 * Connections {@code /leak} borrowed and never closed, for the tests to clean up.
	 */
	static final List<Connection> LEAKED = new CopyOnWriteArrayList<>();

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final LeakProbeRepository probes;

	private final TransactionalCounter counter;

	JdbcLeakController(DataSource dataSource, JdbcTemplate jdbc, LeakProbeRepository probes,
			TransactionalCounter counter) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.probes = probes;
		this.counter = counter;
	}

	@GetMapping("/leak")
	String leak() throws SQLException {
		borrowAndForget();
		return traceId();
	}

	private void borrowAndForget() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("select 1");
		}
		LEAKED.add(connection);
	}

	@GetMapping("/ok")
	String ok() {
		this.jdbc.queryForObject("select 1", Integer.class);
		return traceId();
	}

	@GetMapping("/hold")
	String hold(@RequestParam long ms) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			Thread.sleep(ms);
		}
		return traceId();
	}

	@GetMapping("/stream")
	StreamingResponseBody stream() {
		String traceId = traceId();
		return (out) -> {
			this.jdbc.queryForObject("select 1", Integer.class);
			out.write(traceId.getBytes(StandardCharsets.UTF_8));
		};
	}

	@GetMapping("/callable")
	Callable<String> callable() {
		String traceId = traceId();
		return () -> {
			this.jdbc.queryForObject("select 1", Integer.class);
			return traceId;
		};
	}

	@GetMapping("/deferred")
	DeferredResult<String> deferred() {
		String traceId = traceId();
		DeferredResult<String> result = new DeferredResult<>();
		Thread worker = new Thread(() -> {
			this.jdbc.queryForObject("select 1", Integer.class);
			result.setResult(traceId);
		});
		worker.start();
		return result;
	}

	@GetMapping("/tx")
	String tx() {
		this.counter.count();
		return traceId();
	}

	@GetMapping("/jpa")
	String jpa() {
		this.probes.count();
		return traceId();
	}

	@GetMapping("/jpa-async")
	Callable<String> jpaAsync() {
		this.probes.count();
		String traceId = traceId();
		return () -> {
			this.probes.count();
			return traceId;
		};
	}

	private static String traceId() {
		return RequestContext.current().map(RequestContext::traceId).orElse("none");
	}

}
