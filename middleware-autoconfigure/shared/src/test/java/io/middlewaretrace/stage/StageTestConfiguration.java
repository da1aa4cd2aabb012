package io.middlewaretrace.stage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Middleware like an application's: three ordered filters, a filter that forgets to call the
 * chain, two interceptors (one only for {@code /api/**}), and handlers for the anomaly cases and
 * the cases that must not be reported.
 */
@Configuration(proxyBeanMethods = false)
public class StageTestConfiguration {

	@Bean
	FilterRegistrationBean<Filter> alphaFilter() {
		return ordered(passThrough(), 10);
	}

	@Bean
	FilterRegistrationBean<Filter> betaFilter() {
		return ordered(passThrough(), 20);
	}

	@Bean
	FilterRegistrationBean<Filter> gammaFilter() {
		return ordered(passThrough(), 30);
	}

	@Bean
	FilterRegistrationBean<Filter> forgetfulFilter() {
		FilterRegistrationBean<Filter> registration = ordered((request, response, chain) -> {
			// the bug: returns without calling the chain and without answering
		}, 25);
		registration.setUrlPatterns(List.of("/api/broken"));
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> answeringFilter() {
		FilterRegistrationBean<Filter> registration = ordered((request, response, chain) -> {
			// short-circuits on purpose, with an answer: not a broken chain
			HttpServletResponse http = (HttpServletResponse) response;
			http.setStatus(204);
			http.setHeader("X-Answered-By", "answeringFilter");
		}, 26);
		registration.setUrlPatterns(List.of("/api/answered"));
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> collidingFilter() {
		// same order as gammaFilter: an order collision reported at startup
		return ordered(passThrough(), 30);
	}

	@Bean
	FilterRegistrationBean<Filter> bodyReadingFilter() {
		FilterRegistrationBean<Filter> registration = ordered((request, response, chain) -> {
			// consumes the body before the handler, as signature checks and naive loggers do
			request.getInputStream().readAllBytes();
			chain.doFilter(request, response);
		}, 40);
		registration.setUrlPatterns(List.of("/api/echo"));
		return registration;
	}

	private static Filter passThrough() {
		return (request, response, chain) -> chain.doFilter(request, response);
	}

	private static FilterRegistrationBean<Filter> ordered(Filter filter, int order) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		return registration;
	}

	@Bean
	WebMvcConfigurer stageTestInterceptors() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new FirstInterceptor());
				registry.addInterceptor(new SecondInterceptor()).addPathPatterns("/api/**");
			}
		};
	}

	static class FirstInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			// runs again in the async dispatch of a streamed response, on a committed response:
			// the same value again changes nothing and must not be reported
			response.setHeader("X-First", "yes");
			return true;
		}

	}

	static class SecondInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws IOException {
			if (request.getRequestURI().endsWith("/refused")) {
				response.sendError(403);
				return false;
			}
			return true;
		}

	}

	@RestController
	static class StageTestController {

		@GetMapping("/api/late-status")
		void lateStatus(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getOutputStream().write("body first".getBytes(StandardCharsets.UTF_8));
			response.flushBuffer();
			response.setStatus(503);
		}

		@GetMapping("/api/entity")
		ResponseEntity<Map<String, String>> entity() {
			return ResponseEntity.ok().header("X-Entity", "yes").body(Map.of("name", "entity"));
		}

		@GetMapping("/api/redirect")
		ResponseEntity<Void> redirect() {
			return ResponseEntity.status(302).location(URI.create("/api/entity")).build();
		}

		@GetMapping("/api/stream")
		StreamingResponseBody stream() {
			return (out) -> {
				byte[] chunk = new byte[8192];
				for (int i = 0; i < 64; i++) {
					out.write(chunk);
					out.flush();
				}
			};
		}

		@GetMapping("/api/refused")
		String refused() {
			return "never";
		}

		@PostMapping("/api/echo")
		String echo(@RequestBody(required = false) String body) {
			return (body != null) ? body : "";
		}

		@PostMapping("/api/fail")
		String fail(@RequestBody Map<String, Object> body) {
			throw new IllegalStateException("failed with " + body.size() + " fields");
		}

		@GetMapping("/api/broken")
		String broken() {
			return "never reached";
		}

	}

}
