package io.middlewaretrace.deadline.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.RequestContext;

/**
 * A calling service: its handlers call the {@link SlowServer} through a RestClient built from
 * Boot's {@link RestClient.Builder}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DeadlineHttpTestApplication.CallingController.class)
public class DeadlineHttpTestApplication {

	/**
	 * What the last call of {@code /spent} ended with.
	 */
	static final AtomicReference<Throwable> SPENT_FAILURE = new AtomicReference<>();

	/**
	 * What the last failed call of {@code /call} ended with.
	 */
	static final AtomicReference<Throwable> CALL_FAILURE = new AtomicReference<>();

	@Bean
	SecurityFilterChain deadlineHttpSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	RestClient slowServerClient(RestClient.Builder builder) {
		return builder.baseUrl(SlowServer.get().url("")).build();
	}

	@RestController
	static class CallingController {

		private final RestClient client;

		CallingController(RestClient slowServerClient) {
			this.client = slowServerClient;
		}

		@GetMapping("/call")
		String call(@RequestParam(defaultValue = "0") long delayMs, @RequestParam(defaultValue = "echo") String path,
				@RequestParam(defaultValue = "false") boolean close) {
			try {
				return this.client.get()
					.uri("/" + path + "?delayMs={delay}&close={close}&secret=s3cr3t", delayMs, close)
					.retrieve()
					.body(String.class);
			}
			catch (RuntimeException ex) {
				CALL_FAILURE.set(ex);
				throw ex;
			}
		}

		/**
		 * Waits out the request's budget, then calls: the call must fail without reaching the
		 * server.
		 */
		@GetMapping("/spent")
		String spent() throws InterruptedException {
			Deadline deadline = RequestContext.currentDeadline().orElseThrow();
			while (!deadline.isExpired()) {
				Thread.sleep(5);
			}
			SPENT_FAILURE.set(null);
			try {
				return call(0, "echo", false);
			}
			catch (RuntimeException ex) {
				SPENT_FAILURE.set(ex);
				throw ex;
			}
		}

		/**
		 * Calls from a thread that works for no request, on the same client.
		 */
		@GetMapping("/detached")
		String detached(@RequestParam long delayMs) {
			return CompletableFuture.supplyAsync(() -> call(delayMs, "echo", false)).join();
		}

	}

}
