package io.middlewaretrace.deadline.http;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.DeadlineWatchdog;
import io.middlewaretrace.testapp.BootLineSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The interceptor on the JDK client against the {@link SlowServer}, with a request context
 * bound to the test's thread and the deadline marked by a watchdog, as the deadline filter
 * does.
 */
class DeadlineClientHttpRequestInterceptorTests {

	private final DeadlineWatchdog watchdog = new DeadlineWatchdog(Duration.ofMillis(5));

	@AfterEach
	void unbind() {
		RequestContextHolder.clear();
		Thread.interrupted();
		this.watchdog.close();
	}

	@Test
	void sendsNoHeaderWhenNotPropagatingTheBudget() {
		bind(Duration.ofSeconds(5));
		String seen = client(new DeadlineClientHttpRequestInterceptor(Duration.ofMillis(10), null)).get()
			.uri("/echo")
			.retrieve()
			.body(String.class);
		assertThat(seen).contains("\"timeoutMs\":null");
	}

	@Test
	void sendsTheBudgetUnderTheConfiguredName() {
		bind(Duration.ofSeconds(5));
		String seen = client(new DeadlineClientHttpRequestInterceptor(Duration.ofMillis(10), "X-Request-Timeout-Ms"))
			.get()
			.uri("/echo")
			.retrieve()
			.body(String.class);
		assertThat(seen).containsPattern("\"timeoutMs\":\"4[0-9]{3}\"");
	}

	@Test
	void leavesNoInterruptBehindAfterAnAbortedCall() {
		bind(Duration.ofMillis(100));
		RestClient client = client(new DeadlineClientHttpRequestInterceptor(Duration.ZERO, null));
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("/echo?delayMs=2000").retrieve().body(String.class));
		// the JDK client re-asserts the interrupt it was aborted with; the call takes it back
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void describesACallByMethodAndUrlWithoutUserInfoQueryOrFragment() {
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.POST,
				URI.create("https://user:pw@api.example.com:8443/orders/42?token=secret#top"));
		assertThat(DeadlineClientHttpRequestInterceptor.detail(request))
			.isEqualTo("POST https://api.example.com:8443/orders/42");
		request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://api.example.com?q=1"));
		assertThat(DeadlineClientHttpRequestInterceptor.detail(request)).isEqualTo("GET http://api.example.com/");
	}

	private void bind(Duration budget) {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Deadline deadline = Deadline.after(budget);
		this.watchdog.watch(DeadlineState.start(context, deadline), "test");
		RequestContextHolder.set(context);
	}

	private static RestClient client(DeadlineClientHttpRequestInterceptor interceptor) {
		return RestClient.builder()
			.requestFactory(BootLineSupport.jdkRequestFactory())
			.requestInterceptor(interceptor)
			.baseUrl(SlowServer.get().url(""))
			.build();
	}

}
