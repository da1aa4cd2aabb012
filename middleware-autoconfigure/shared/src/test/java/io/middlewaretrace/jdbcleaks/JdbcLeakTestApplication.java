package io.middlewaretrace.jdbcleaks;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application that borrows connections the ways applications do (JdbcTemplate, a raw
 * DataSource borrow, a transactional service, Spring Data JPA with open-session-in-view, async
 * and streamed responses) and one that forgets to close its connection. It lives outside the
 * starter's packages so that its frames count as application frames. Everything is open.
 */
@SpringBootApplication
public class JdbcLeakTestApplication {

	@Bean
	SecurityFilterChain jdbcLeakSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

}
