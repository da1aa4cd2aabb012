package io.middlewaretrace.leak.mdc;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Handlers that leave MDC entries behind, and an outer filter (ahead of the starter's) that puts
 * a fresh request tag and removes it, and on one path puts a key it never removes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(MdcLeakTestApplication.MdcController.class)
public class MdcLeakTestApplication {

	static final AtomicInteger REQUESTS = new AtomicInteger();

	@Bean
	SecurityFilterChain mdcLeakSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	FilterRegistrationBean<OuterMdcFilter> outerMdcFilter() {
		FilterRegistrationBean<OuterMdcFilter> registration = new FilterRegistrationBean<>(new OuterMdcFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	static class OuterMdcFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
				FilterChain chain) throws ServletException, IOException {
			if (request.getRequestURI().equals("/mdc/outer-leak")) {
				MDC.put("outerLeak", "left-by-outer-" + REQUESTS.incrementAndGet());
			}
			MDC.put("requestTag", "tag-" + REQUESTS.incrementAndGet());
			try {
				chain.doFilter(request, response);
			}
			finally {
				MDC.remove("requestTag");
			}
		}

	}

	@RestController
	static class MdcController {

		@GetMapping("/mdc/leak")
		Map<String, String> leak() {
			MDC.put("tenant", "leaky-tenant-42");
			MDC.put("apiToken", "s3cr3t-value");
			MDC.put("tolerated", "kept");
			return seen();
		}

		@GetMapping("/mdc/tidy")
		Map<String, String> tidy() {
			MDC.put("tenant", "tidy-tenant");
			try {
				return seen();
			}
			finally {
				MDC.remove("tenant");
			}
		}

		@GetMapping("/mdc/outer-leak")
		Map<String, String> outerLeak() {
			return seen();
		}

		@GetMapping("/mdc/peek")
		Map<String, String> peek() {
			return seen();
		}

		private static Map<String, String> seen() {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			Map<String, String> seen = new TreeMap<>((mdc != null) ? mdc : Map.of());
			seen.put("@thread", Thread.currentThread().getName());
			return seen;
		}

	}

}
