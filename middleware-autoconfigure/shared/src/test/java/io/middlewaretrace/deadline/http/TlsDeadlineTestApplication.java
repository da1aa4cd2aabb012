package io.middlewaretrace.deadline.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.impl.classic.HttpClients;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.RequestContext;

/**
 * A calling service for the TLS tests: one RestClient from Boot's builder as is (Apache
 * HttpClient 5, TLS from the SSL bundle the test configures) calling the
 * {@link HttpsTestServer}, and one from Boot's builder given a request factory the application
 * built itself, calling the {@link SlowServer}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TlsDeadlineTestApplication.TlsCallingController.class)
public class TlsDeadlineTestApplication {

	/**
	 * What the last failed call ended with.
	 */
	static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

	/**
	 * Response timeout of the application's own request factory.
	 */
	static final Duration USER_READ_TIMEOUT = Duration.ofMillis(1500);

	@Bean
	SecurityFilterChain tlsDeadlineSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	RestClient bootBuiltClient(RestClient.Builder builder) {
		return builder.build();
	}

	@Bean
	RestClient userFactoryClient(RestClient.Builder builder) {
		HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(
				HttpClients.custom().build());
		factory.setReadTimeout(USER_READ_TIMEOUT);
		return builder.requestFactory(factory).baseUrl(SlowServer.get().url("")).build();
	}

	@RestController
	static class TlsCallingController {

		private final RestClient bootBuiltClient;

		private final RestClient userFactoryClient;

		TlsCallingController(RestClient bootBuiltClient, RestClient userFactoryClient) {
			this.bootBuiltClient = bootBuiltClient;
			this.userFactoryClient = userFactoryClient;
		}

		@GetMapping("/tls/hello")
		String hello(@RequestParam(defaultValue = "localhost") String host) {
			return call(this.bootBuiltClient, "https://" + host + ":" + HttpsTestServer.get().httpsPort() + "/hello");
		}

		@GetMapping("/tls/silent")
		String silent() {
			return call(this.bootBuiltClient, "https://localhost:" + HttpsTestServer.get().silentPort() + "/");
		}

		@GetMapping("/user/call")
		String userCall(@RequestParam(defaultValue = "0") long delayMs) {
			return call(this.userFactoryClient, "/echo?delayMs=" + delayMs + "&close=true");
		}

		/**
		 * Waits out the request's budget, then calls through the application's factory.
		 */
		@GetMapping("/user/spent")
		String userSpent() {
			Deadline deadline = RequestContext.currentDeadline().orElseThrow();
			while (!deadline.isExpired()) {
				// not a sleep: the interrupt at the deadline must not end the handler before the call
				Thread.onSpinWait();
			}
			return userCall(0);
		}

		private static String call(RestClient client, String uri) {
			FAILURE.set(null);
			try {
				return client.get().uri(uri).retrieve().body(String.class);
			}
			catch (RuntimeException ex) {
				FAILURE.set(ex);
				throw ex;
			}
		}

	}

}
