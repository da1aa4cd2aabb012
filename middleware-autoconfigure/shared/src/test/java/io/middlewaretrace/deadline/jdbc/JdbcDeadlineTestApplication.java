package io.middlewaretrace.deadline.jdbc;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application that queries its database through JdbcTemplate, Spring Data JPA and a
 * transactional service, on whatever data source the test configures; everything is open.
 */
@SpringBootApplication
public class JdbcDeadlineTestApplication {

	@Bean
	SecurityFilterChain jdbcDeadlineSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

}
