package io.middlewaretrace.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.middlewaretrace.context.RequestContext;

/**
 * The clinic's own middleware, as a real service grows it: three ordered filters (one of them
 * with a bug, on one path only) and two interceptors. {@code GET /actuator/middleware} shows them
 * in the order they run; with {@code @EnableMiddlewareTrace} every request records them.
 */
@Configuration(proxyBeanMethods = false)
class ClinicMiddleware {

	/**
	 * Logs who called what: runs first of the clinic's filters.
	 */
	@Bean
	FilterRegistrationBean<AuditFilter> auditFilter() {
		FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter());
		registration.setOrder(10);
		return registration;
	}

	/**
	 * Reads the body of {@code POST /api/echo-body} before the handler does, as signature checks
	 * and naive logging filters do.
	 */
	@Bean
	FilterRegistrationBean<BodyInspectionFilter> bodyInspectionFilter() {
		FilterRegistrationBean<BodyInspectionFilter> registration = new FilterRegistrationBean<>(
				new BodyInspectionFilter());
		registration.setOrder(20);
		registration.setUrlPatterns(List.of("/api/echo-body"));
		return registration;
	}

	/**
	 * Meant to answer 503 during maintenance, but forgets to answer (and to call the chain) on
	 * {@code /api/broken}: the client gets an empty 200.
	 */
	@Bean
	FilterRegistrationBean<MaintenanceFilter> maintenanceFilter() {
		FilterRegistrationBean<MaintenanceFilter> registration = new FilterRegistrationBean<>(new MaintenanceFilter());
		registration.setOrder(30);
		registration.setUrlPatterns(List.of("/api/broken"));
		return registration;
	}

	@Bean
	WebMvcConfigurer clinicInterceptors() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new ApiVersionInterceptor()).addPathPatterns("/api/**");
				registry.addInterceptor(new ClinicHoursInterceptor())
					.addPathPatterns("/api/**")
					.excludePathPatterns("/api/ping");
			}
		};
	}

	static class AuditFilter extends OncePerRequestFilter {

		private static final Logger logger = LoggerFactory.getLogger(AuditFilter.class);

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
			if (logger.isDebugEnabled()) {
				logger.debug("{} {} -> {}", request.getMethod(), request.getRequestURI(), response.getStatus());
			}
		}

	}

	static class BodyInspectionFilter implements Filter {

		private static final Logger logger = LoggerFactory.getLogger(BodyInspectionFilter.class);

		@Override
		public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				FilterChain chain) throws IOException, ServletException {
			// consumes the stream: without the starter's replay the handler would get an empty body
			String body = StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8);
			logger.info("Inspected a request body of {} characters", body.length());
			chain.doFilter(request, response);
		}

	}

	static class MaintenanceFilter implements Filter {

		@Override
		public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				FilterChain chain) {
			// the bug: "maintenance" was meant to answer 503 here; it neither answers nor calls the chain
		}

	}

	static class ApiVersionInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			response.setHeader("X-Api-Version", "1");
			// kept with the request for the clinic's slow-request counter (ClinicSlowRequests)
			RequestContext.current().ifPresent((context) -> context.attach(ClinicSlowRequests.API_VERSION, "1"));
			return true;
		}

	}

	static class ClinicHoursInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			// the clinic is always open in the demo; a real check would answer 503 outside hours
			return true;
		}

	}

}
