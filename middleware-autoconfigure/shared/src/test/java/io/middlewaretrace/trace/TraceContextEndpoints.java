package io.middlewaretrace.trace;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Endpoints that show what the starter propagates: {@code /trace/outbound} calls
 * {@code /trace/echo} on the same server through Spring Boot's {@link RestClient.Builder} and
 * returns the trace context fields that call carried; {@code /test} is the test service the W3C
 * trace-context suite drives (it calls back each {@code url} with its {@code arguments}).
 */
@RestController
public class TraceContextEndpoints {

	private final RestClient restClient;

	public TraceContextEndpoints(RestClient.Builder builder) {
		this.restClient = builder.build();
	}

	@GetMapping("/trace/outbound")
	Object outbound(HttpServletRequest request) {
		return this.restClient.get()
			.uri("http://127.0.0.1:" + request.getLocalPort() + "/trace/echo")
			.retrieve()
			.body(Map.class);
	}

	@GetMapping("/trace/echo")
	Map<String, List<String>> echo(HttpServletRequest request) {
		return Map.of("traceparent", Collections.list(request.getHeaders("traceparent")), "tracestate",
				Collections.list(request.getHeaders("tracestate")));
	}

	@PostMapping("/test")
	void suite(@RequestBody JsonNode calls) {
		for (JsonNode call : calls) {
			this.restClient.post()
				.uri(call.path("url").asText())
				.contentType(MediaType.APPLICATION_JSON)
				.body(call.path("arguments"))
				.retrieve()
				.toBodilessEntity();
		}
	}

}
