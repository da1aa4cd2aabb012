package io.middlewaretrace.jdbcleaks;

import org.springframework.data.jpa.repository.JpaRepository;

interface LeakProbeRepository extends JpaRepository<LeakProbe, Long> {

}
