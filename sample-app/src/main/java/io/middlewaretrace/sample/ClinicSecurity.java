package io.middlewaretrace.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The clinic's security: {@code /api/admin/**} needs HTTP Basic (user {@code admin}, password
 * {@code admin} - a demo), everything else, the actuator included, stays open for the demo.
 */
@Configuration(proxyBeanMethods = false)
class ClinicSecurity {

	@Bean
	SecurityFilterChain clinicSecurityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.permitAll())
			.httpBasic(Customizer.withDefaults())
			// a JSON API without browser sessions
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	UserDetailsService clinicUsers() {
		return new InMemoryUserDetailsManager(User.withUsername("admin").password("{noop}admin").roles("ADMIN").build());
	}

}
