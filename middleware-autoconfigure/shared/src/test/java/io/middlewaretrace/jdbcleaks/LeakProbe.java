package io.middlewaretrace.jdbcleaks;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A row read through JPA.
 */
@Entity
public class LeakProbe {

	@Id
	@GeneratedValue
	private Long id;

	public Long getId() {
		return this.id;
	}

}
