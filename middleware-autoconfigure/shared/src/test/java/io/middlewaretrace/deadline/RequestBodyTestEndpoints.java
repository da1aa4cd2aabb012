package io.middlewaretrace.deadline;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that read their request body, through a message converter and as a stream.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyTestEndpoints {

	@RestController
	static class BodyController {

		@PostMapping("/body/converted")
		String converted(@RequestBody String body) {
			return "read " + body.length();
		}

		@PostMapping("/body/stream")
		String stream(HttpServletRequest request) throws IOException {
			return "read " + request.getInputStream().readAllBytes().length;
		}

	}

}
