package io.middlewaretrace.jdbcleaks;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.middlewaretrace.deadline.jdbc.SharedPostgres;

/**
 * Request-scoped connection leaks on a real (embedded) PostgreSQL behind HikariCP.
 */
@SpringBootTest(classes = JdbcLeakTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.username=postgres", "spring.datasource.hikari.pool-name=leaks-pg",
				"spring.datasource.hikari.maximum-pool-size=10", "spring.jpa.hibernate.ddl-auto=create",
				"middleware.leaks.connections.frame-sample-rate=1.0",
				"management.endpoints.web.exposure.include=leaks,health",
				"management.endpoint.health.show-details=always" })
class JdbcLeakPostgresServerTests extends AbstractJdbcLeakServerTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
	}

	@Override
	String poolName() {
		return "leaks-pg";
	}

}
