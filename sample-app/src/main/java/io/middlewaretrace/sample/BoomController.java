package io.middlewaretrace.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error path: an exception no handler deals with becomes a problem+json 500 with the trace
 * id, and one ERROR log line with the same trace id.
 */
@RestController
class BoomController {

	@GetMapping("/api/boom")
	String boom() {
		throw new IllegalStateException("Simulated failure: the clinic's billing system is unreachable");
	}

}
