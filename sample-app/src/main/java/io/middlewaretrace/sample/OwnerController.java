package io.middlewaretrace.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Owners, read through plain JDBC.
 */
@RestController
@RequestMapping("/api/owners")
class OwnerController {

	private final JdbcTemplate jdbc;

	OwnerController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/{id}")
	Owner owner(@PathVariable long id) {
		List<Owner> owners = this.jdbc.query("select id, first_name, last_name, city from owners where id = ?",
				Owner::fromRow, id);
		if (owners.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No owner with id " + id);
			problem.setTitle("Owner not found");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		return owners.get(0);
	}

}
