package io.middlewaretrace.deadline.jdbc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A row the test application writes through JPA.
 */
@Entity
public class Probe {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	protected Probe() {
	}

	Probe(String name) {
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
