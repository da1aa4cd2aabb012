package io.middlewaretrace.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An application with middleware whose order matters: three filters registered with orders 10,
 * 20 and 20 (the last two collide), a plain filter bean with {@code @Order(5)} on its class, one
 * without an order, a disabled registration; a security filter chain for {@code /api/admin/**}
 * with HTTP Basic and a catch-all one that permits everything; an interceptor for
 * {@code /api/**} except {@code /api/public/**} and one for all paths.
 * <p>
 * Every application filter appends its name to a request attribute, which
 * {@code GET /api/public/filters} returns: the order the filters really ran in.
 */
@SpringBootApplication
public class ChainTestApplication {

	/**
	 * Request attribute listing the application filters that ran, in order.
	 */
	public static final String FILTERS_RUN = ChainTestApplication.class.getName() + ".filtersRun";

	@Bean
	FilterRegistrationBean<RecordingFilter> tenFilter() {
		return registration(new RecordingFilter("tenFilter"), 10);
	}

	@Bean
	FilterRegistrationBean<RecordingFilter> alphaFilter() {
		return registration(new RecordingFilter("alphaFilter"), 20);
	}

	@Bean
	FilterRegistrationBean<RecordingFilter> betaFilter() {
		FilterRegistrationBean<RecordingFilter> registration = registration(new RecordingFilter("betaFilter"), 20);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<RecordingFilter> disabledFilter() {
		FilterRegistrationBean<RecordingFilter> registration = registration(new RecordingFilter("disabledFilter"), 1);
		registration.setEnabled(false);
		return registration;
	}

	@Bean
	AnnotatedFilter annotatedFilter() {
		return new AnnotatedFilter();
	}

	@Bean
	RecordingFilter unorderedFilter() {
		return new RecordingFilter("unorderedFilter");
	}

	private static FilterRegistrationBean<RecordingFilter> registration(RecordingFilter filter, int order) {
		FilterRegistrationBean<RecordingFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		return registration;
	}

	@Bean
	@Order(1)
	SecurityFilterChain adminSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/api/admin/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	UserDetailsService chainTestUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("admin").password("{noop}admin-secret").roles("ADMIN").build());
	}

	@Bean
	AuditInterceptor auditInterceptor() {
		return new AuditInterceptor();
	}

	@Bean
	TimingInterceptor timingInterceptor() {
		return new TimingInterceptor();
	}

	@Bean
	WebMvcConfigurer chainTestInterceptors(AuditInterceptor audit, TimingInterceptor timing) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(audit).addPathPatterns("/api/**").excludePathPatterns("/api/public/**");
				registry.addInterceptor(timing);
			}

		};
	}

	/**
	 * Appends its name to the request's {@link #FILTERS_RUN} list.
	 */
	static class RecordingFilter implements Filter {

		private final String name;

		RecordingFilter(String name) {
			this.name = name;
		}

		@Override
		@SuppressWarnings("unchecked")
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			List<String> run = (List<String>) request.getAttribute(FILTERS_RUN);
			if (run == null) {
				run = new ArrayList<>();
				request.setAttribute(FILTERS_RUN, run);
			}
			run.add(this.name);
			chain.doFilter(request, response);
		}

	}

	@Order(5)
	static class AnnotatedFilter extends RecordingFilter {

		AnnotatedFilter() {
			super("annotatedFilter");
		}

	}

	static class AuditInterceptor implements HandlerInterceptor {

	}

	static class TimingInterceptor implements HandlerInterceptor {

	}

	@RestController
	static class AdminController {

		@GetMapping("/api/admin/x")
		String x() {
			return "admin";
		}

	}

	@RestController
	static class PublicController {

		@GetMapping("/api/public/y")
		String y() {
			return "public";
		}

		@SuppressWarnings("unchecked")
		@GetMapping("/api/public/filters")
		List<String> filters(HttpServletRequest request) {
			return (List<String>) request.getAttribute(FILTERS_RUN);
		}

	}

}
