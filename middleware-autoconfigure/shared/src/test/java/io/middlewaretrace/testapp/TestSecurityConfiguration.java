package io.middlewaretrace.testapp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A security filter chain like an application's: {@code /api/admin/**} needs HTTP Basic
 * authentication (user {@code admin}, password {@code admin-secret}), everything else is open.
 */
@Configuration(proxyBeanMethods = false)
public class TestSecurityConfiguration {

	/**
	 * Password of the test user.
	 */
	public static final String ADMIN_PASSWORD = "admin-secret";

	@Bean
	SecurityFilterChain testSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/admin/**")
			.authenticated()
			.anyRequest()
			.permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	UserDetailsService testUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("admin").password("{noop}" + ADMIN_PASSWORD).roles("ADMIN").build());
	}

}
