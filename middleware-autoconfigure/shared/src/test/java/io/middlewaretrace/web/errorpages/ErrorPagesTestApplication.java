package io.middlewaretrace.web.errorpages;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A small application that fails in the ways real ones do, with the error handling of its own
 * choosing: the {@link ErrorPageVariants} are added as sources. No component scanning, so no
 * other test application's beans come along; the nested classes are its beans.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ErrorPagesTestApplication {

	@Bean
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		// an application with Spring Security that leaves these paths, and its error page, open
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) {
						throw new IllegalStateException("filter failed, token=s3cr3t");
					}
				});
		registration.setUrlPatterns(List.of("/filter-boom"));
		registration.setOrder(0);
		return registration;
	}

	@RestController
	static class FailingEndpoints {

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom, card=4111");
		}

		@GetMapping("/out-of-stock")
		String outOfStock() {
			throw new OutOfStockException("no widgets left");
		}

		@GetMapping("/owners/{id}")
		String owner(@PathVariable long id) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No owner " + id), null);
		}

		@GetMapping("/invoices/{id}")
		String invoice(@PathVariable long id) {
			throw new InvoiceRejectedException(id);
		}

		@GetMapping("/async-boom")
		Callable<String> asyncBoom() {
			return () -> {
				throw new IllegalStateException("async boom");
			};
		}

		@PostMapping("/upload")
		String upload(HttpServletRequest request) throws IOException {
			return "read " + request.getInputStream().readAllBytes().length + " bytes";
		}

		@GetMapping("/fail-after-commit")
		void failAfterCommit(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().write("partial");
			response.flushBuffer();
			throw new IllegalStateException("late failure");
		}

		@GetMapping("/broken-error-page")
		String brokenErrorPage() {
			throw new IllegalStateException("the first failure");
		}

	}

	/**
	 * The application's own problem details for its own exception.
	 */
	@RestControllerAdvice
	static class InvoiceAdvice {

		@ExceptionHandler
		ProblemDetail invoiceRejected(InvoiceRejectedException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
					"Invoice " + ex.id + " was rejected");
			problem.setProperty("invoice", ex.id);
			return problem;
		}

	}

	static class OutOfStockException extends RuntimeException {

		OutOfStockException(String message) {
			super(message);
		}

	}

	static class InvoiceRejectedException extends RuntimeException {

		final long id;

		InvoiceRejectedException(long id) {
			super("rejected " + id);
			this.id = id;
		}

	}

	static String className(Object value) {
		return (value != null) ? value.getClass().getName() : null;
	}

}
