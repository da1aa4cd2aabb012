package io.middlewaretrace.jdbcleaks;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Request-scoped connection leaks on H2 behind HikariCP.
 */
@SpringBootTest(classes = JdbcLeakTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:jdbc-leaks;DB_CLOSE_DELAY=-1",
				"spring.datasource.hikari.pool-name=leaks-h2", "spring.datasource.hikari.maximum-pool-size=10",
				"middleware.leaks.connections.frame-sample-rate=1.0",
				"spring.jpa.hibernate.ddl-auto=create-drop", "management.endpoints.web.exposure.include=leaks,health",
				"management.endpoint.health.show-details=always" })
class JdbcLeakH2ServerTests extends AbstractJdbcLeakServerTests {

	@Override
	String poolName() {
		return "leaks-h2";
	}

}
