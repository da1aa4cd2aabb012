package io.middlewaretrace.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.middlewaretrace.context.RequestContext;

/**
 * Endpoints with the bugs leak diagnostics exist for: a connection never closed, a task that
 * outlives its request, an MDC entry never removed. {@code GET /actuator/leaks} names the
 * request behind each.
 */
@RestController
class LeakDemoController {

	static final int MAX_TASK_SECONDS = 120;

	private final DataSource dataSource;

	private final ClinicTasks tasks;

	LeakDemoController(DataSource dataSource, ClinicTasks tasks) {
		this.dataSource = dataSource;
		this.tasks = tasks;
	}

	/**
	 * Borrows a connection, counts the owners, and forgets to close it.
	 */
	@GetMapping("/api/leak")
	Map<String, Object> leak() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		Statement statement = connection.createStatement();
		ResultSet owners = statement.executeQuery("select count(*) from owners");
		owners.next();
		Map<String, Object> result = answer("connection");
		result.put("owners", owners.getLong(1));
		return result;
	}

	/**
	 * Starts a task on the application executor that runs {@code seconds} after the response.
	 */
	@GetMapping("/api/task-leak")
	Map<String, Object> taskLeak(@RequestParam(defaultValue = "30") int seconds) {
		if (seconds < 1 || seconds > MAX_TASK_SECONDS) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"seconds must be between 1 and " + MAX_TASK_SECONDS);
		}
		this.tasks.keepWorking(seconds);
		Map<String, Object> result = answer("task");
		result.put("taskSeconds", seconds);
		return result;
	}

	/**
	 * Puts a tenant in the MDC and never removes it.
	 */
	@GetMapping("/api/mdc-leak")
	Map<String, Object> mdcLeak() {
		MDC.put("tenant", "leaky-tenant-42");
		return answer("mdc");
	}

	private static Map<String, Object> answer(String leaked) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("traceId", RequestContext.current().map(RequestContext::traceId).orElse(null));
		result.put("leaked", leaked);
		result.put("see", "/actuator/leaks");
		return result;
	}

}
