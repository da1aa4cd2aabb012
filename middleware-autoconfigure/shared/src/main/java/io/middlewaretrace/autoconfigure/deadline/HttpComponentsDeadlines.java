package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;

import io.middlewaretrace.deadline.http.TimedDnsResolver;

/**
 * What the Apache HttpClient 5 customizers of {@link DeadlineRestClientCustomizers} do to
 * Boot's request factory builder, the same on each Spring Boot line. Only loaded when
 * HttpClient 5 is on the class path.
 */
final class HttpComponentsDeadlines {

	private HttpComponentsDeadlines() {
	}

	/**
	 * Installs the exec chain handler with the client's own timeouts and wraps the TLS
	 * strategy Boot's SSL bundle or an earlier customizer set.
	 * @param builder the builder, as every earlier customizer left it
	 * @param connectTimeout the connect timeout of Boot's HTTP client settings, or {@code null}
	 * @param readTimeout the read timeout of Boot's HTTP client settings, or {@code null}
	 * @return the customized builder
	 */
	static HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder,
			Duration connectTimeout, Duration readTimeout) {
		return new HttpComponentsTimeouts(connectTimeout, readTimeout).customize(builder)
			.withConnectionManagerCustomizer(HttpComponentsTlsStrategies::wrap);
	}

	/**
	 * Times DNS lookups as the call's {@code dns} phase.
	 * @param builder the builder
	 * @return the customized builder
	 */
	static HttpComponentsClientHttpRequestFactoryBuilder timeDnsLookups(HttpComponentsClientHttpRequestFactoryBuilder builder) {
		return builder.withConnectionManagerCustomizer(
				(manager) -> manager.setDnsResolver(new TimedDnsResolver(SystemDefaultDnsResolver.INSTANCE)));
	}

}
