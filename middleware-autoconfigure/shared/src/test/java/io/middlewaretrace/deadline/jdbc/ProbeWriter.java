package io.middlewaretrace.deadline.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes through JPA, then runs a slow statement through JdbcTemplate, in one transaction.
 */
@Service
class ProbeWriter {

	private final ProbeRepository probes;

	private final JdbcTemplate jdbc;

	ProbeWriter(ProbeRepository probes, JdbcTemplate jdbc) {
		this.probes = probes;
		this.jdbc = jdbc;
	}

	@Transactional
	void saveThenSlow(String slowSql) {
		this.probes.saveAndFlush(new Probe("written before the slow statement"));
		this.jdbc.queryForList(slowSql);
	}

}
