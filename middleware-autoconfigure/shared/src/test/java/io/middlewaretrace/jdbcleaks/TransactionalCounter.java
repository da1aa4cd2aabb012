package io.middlewaretrace.jdbcleaks;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two statements in one transaction: the connection is held from the first to the commit.
 */
@Service
class TransactionalCounter {

	private final JdbcTemplate jdbc;

	private final LeakProbeRepository probes;

	TransactionalCounter(JdbcTemplate jdbc, LeakProbeRepository probes) {
		this.jdbc = jdbc;
		this.probes = probes;
	}

	@Transactional
	long count() {
		this.probes.save(new LeakProbe());
		return this.jdbc.queryForObject("select count(*) from leak_probe", Long.class);
	}

}
