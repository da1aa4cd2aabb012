package io.middlewaretrace.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One SQL statement that takes as long as asked: what a request deadline cancels.
 */
@RestController
class SlowQueryController {

	static final int MAX_SECONDS = 60;

	// scans rows until the clock passes the given moment; H2 checks for cancellation on every row
	private static final String SLOW_SQL = "select x from system_range(1, 9000000000000000000) where nano_time() >= ? limit 1";

	private final JdbcTemplate jdbc;

	SlowQueryController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/slow-query")
	Map<String, Object> slowQuery(@RequestParam(defaultValue = "1") double seconds) {
		if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail
				.forStatusAndDetail(HttpStatus.BAD_REQUEST, "seconds must be between 0 and " + MAX_SECONDS), null);
		}
		long start = System.nanoTime();
		long until = start + (long) (seconds * 1_000_000_000L);
		Long rows = this.jdbc.queryForObject(SLOW_SQL, Long.class, until);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("seconds", seconds);
		result.put("tookMs", (System.nanoTime() - start) / 1_000_000);
		result.put("rowsScanned", rows);
		return result;
	}

}
