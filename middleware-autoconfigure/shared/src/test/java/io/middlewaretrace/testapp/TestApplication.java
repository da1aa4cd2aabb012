package io.middlewaretrace.testapp;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.filter.OncePerRequestFilter;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Application the web tests run against, on MockMvc and on a real embedded Tomcat.
 */
@SpringBootApplication
public class TestApplication {

	/**
	 * What the outermost filter saw in the MDC after each request left the chain.
	 */
	public static final Queue<Map<String, String>> MDC_AFTER_REQUEST = new ConcurrentLinkedQueue<>();

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> outermostFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						try {
							chain.doFilter(request, response);
						}
						finally {
							Map<String, String> mdc = new java.util.HashMap<>();
							if (MDC.getCopyOfContextMap() != null) {
								mdc.putAll(MDC.getCopyOfContextMap());
							}
							RequestContext.current().ifPresent((leftOver) -> mdc.put("leftOverRequestContext", leftOver.toString()));
							MDC_AFTER_REQUEST.add(mdc);
						}
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Trace ids seen in the MDC and the request context during ERROR dispatches.
	 */
	public static final Queue<String> TRACE_IDS_IN_ERROR_DISPATCH = new ConcurrentLinkedQueue<>();

	@Bean
	FilterRegistrationBean<jakarta.servlet.Filter> errorDispatchFilter() {
		FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>(
				(request, response, chain) -> {
					TRACE_IDS_IN_ERROR_DISPATCH.add(MDC.get("traceId") + "/"
							+ RequestContext.current().map(RequestContext::traceId).orElse(null));
					chain.doFilter(request, response);
				});
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.ERROR);
		registration.setOrder(0);
		return registration;
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws IOException {
						if (request.getRequestURI().endsWith("client-gone")) {
							throw new IOException("Broken pipe");
						}
						throw new IllegalStateException("filter failed, secret=hunter2");
					}
				});
		registration.setUrlPatterns(List.of("/filter-boom", "/filter-client-gone"));
		registration.setOrder(0);
		return registration;
	}

	@RestController
	static class TestController {

		@GetMapping("/api/owners/{id}")
		Map<String, Object> owner(@PathVariable long id) {
			if (id > 100) {
				throw new ErrorResponseException(HttpStatus.NOT_FOUND,
						ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No owner " + id), null);
			}
			DefaultRequestContext context = RequestContextHolder.get();
			return Map.of("id", id, "traceId", context.traceId(), "route", String.valueOf(context.routePattern()),
					"mdcRoute", String.valueOf(MDC.get("route")), "mdcTraceId", String.valueOf(MDC.get("traceId")));
		}

		@GetMapping("/api/boom")
		String boom() {
			throw new IllegalStateException("boom, password=hunter2");
		}

		@GetMapping("/api/fail-after-commit")
		void failAfterCommit(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().write("partial");
			response.flushBuffer();
			throw new IllegalStateException("late failure");
		}

		@GetMapping("/api/teapot")
		void teapot(HttpServletResponse response) throws IOException {
			response.sendError(418, "short and stout");
		}

		@GetMapping("/api/slow")
		String slow(@RequestParam(defaultValue = "50") long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "slow";
		}

		@GetMapping("/api/callable/{id}")
		Callable<String> callable(@PathVariable String id) {
			return () -> {
				Thread.sleep(20);
				return "callable " + id;
			};
		}

		@GetMapping("/api/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			new Thread(() -> result.setResult("deferred")).start();
			return result;
		}

		@GetMapping("/api/context")
		Map<String, Object> context() {
			DefaultRequestContext context = RequestContextHolder.get();
			return Map.of("traceId", context.traceId(), "timeline",
					(context.timeline() != null) ? context.timeline().events().size() : -1, "entered",
					(context.timeline() != null) ? context.timeline()
						.events()
						.stream()
						.filter((event) -> event.kind() == io.middlewaretrace.context.Timeline.StageEvent.Kind.ENTER)
						.map(io.middlewaretrace.context.Timeline.StageEvent::stage)
						.toList() : List.of());
		}

	}

}
