package io.middlewaretrace.sample;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.context.RequestContext;

/**
 * Endpoints that spend the request's deadline: waiting, calling a downstream service, handing
 * work to the application executor.
 */
@RestController
class DeadlineDemoController {

	static final long MAX_DELAY_MS = 120_000;

	private final RestClient.Builder restClients;

	private final ClinicProperties properties;

	private final Environment environment;

	private final ClinicTasks tasks;

	private volatile RestClient downstream;

	DeadlineDemoController(RestClient.Builder restClients, ClinicProperties properties, Environment environment,
			ClinicTasks tasks) {
		this.restClients = restClients;
		this.properties = properties;
		this.environment = environment;
		this.tasks = tasks;
	}

	/**
	 * Waits {@code delayMs}, then tells what the caller sent: its remaining budget and its trace.
	 */
	@GetMapping("/api/echo")
	Map<String, Object> echo(@RequestParam(defaultValue = "0") long delayMs,
			@RequestHeader(name = "X-Request-Timeout-Ms", required = false) String timeoutMs,
			@RequestHeader(name = "traceparent", required = false) String traceparent) throws InterruptedException {
		checkDelay(delayMs);
		Thread.sleep(delayMs);
		Map<String, Object> echo = new LinkedHashMap<>();
		echo.put("receivedTimeoutMs", timeoutMs);
		echo.put("traceparent", traceparent);
		echo.put("traceId", RequestContext.current().map(RequestContext::traceId).orElse(null));
		echo.put("delayedMs", delayMs);
		return echo;
	}

	/**
	 * Calls {@code /api/echo} through a Boot-built RestClient: the call carries this request's
	 * remaining budget and trace, and cannot outlive its deadline.
	 */
	@GetMapping("/api/downstream")
	Map<String, Object> downstream(@RequestParam(defaultValue = "0") long delayMs, HttpServletRequest request) {
		checkDelay(delayMs);
		Map<?, ?> echo = downstreamClient(request).get()
			.uri("/api/echo?delayMs={delayMs}", delayMs)
			.retrieve()
			.body(Map.class);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("traceId", RequestContext.current().map(RequestContext::traceId).orElse(null));
		result.put("budgetMs", RequestContext.currentDeadline().map((deadline) -> deadline.budget().toMillis()).orElse(null));
		result.put("downstreamSaw", echo);
		return result;
	}

	/**
	 * Hands work to an {@code @Async} method and returns what it saw of this request.
	 */
	@GetMapping("/api/async")
	Map<String, Object> async() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("requestTraceId", RequestContext.current().map(RequestContext::traceId).orElse(null));
		result.put("task", this.tasks.whatTheTaskSees().join());
		return result;
	}

	private RestClient downstreamClient(HttpServletRequest request) {
		RestClient client = this.downstream;
		if (client == null) {
			URI base = this.properties.downstreamBaseUrl();
			if (base == null) {
				// the embedded server's port, as Boot publishes it once the server started (on
				// Spring Boot 3 and 4 alike); the port this request came in on otherwise
				Integer port = this.environment.getProperty("local.server.port", Integer.class);
				base = URI.create("http://localhost:" + ((port != null) ? port : request.getLocalPort()));
			}
			client = this.restClients.baseUrl(base.toString()).build();
			this.downstream = client;
		}
		return client;
	}

	private static void checkDelay(long delayMs) {
		if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail
				.forStatusAndDetail(HttpStatus.BAD_REQUEST, "delayMs must be between 0 and " + MAX_DELAY_MS), null);
		}
	}

}
