package io.middlewaretrace.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cheapest endpoint of the clinic: where the starter's own per-request cost shows most, so
 * the load benchmarks drive it.
 */
@RestController
class ClinicStatusController {

	@GetMapping("/api/ping")
	String ping() {
		return "pong";
	}

}
