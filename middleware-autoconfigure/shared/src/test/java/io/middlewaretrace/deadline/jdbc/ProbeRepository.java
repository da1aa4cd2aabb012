package io.middlewaretrace.deadline.jdbc;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Spring Data repository of {@link Probe}, with a slow native query per database.
 */
public interface ProbeRepository extends JpaRepository<Probe, Long> {

	@Query(value = "select count(*) from pg_sleep(:seconds)", nativeQuery = true)
	long pgSleep(double seconds);

	@Query(value = DeadlineAwareDataSourceH2Tests.SLOW_SQL, nativeQuery = true)
	long h2Slow();

}
