package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Makes Boot-built RestClients deadline-aware: a {@code RestClientCustomizer} adds the
 * {@link DeadlineClientHttpRequestInterceptor} (fail fast, outbound budget header, abort at the
 * deadline, call phases); with Apache HttpClient 5, customizers of Boot's request factory
 * builder install the {@link io.middlewaretrace.deadline.http.DeadlineExecChainHandler}
 * (per-exchange lease, connect and response timeouts, abort of the connection, lease and
 * connect phases), the {@link io.middlewaretrace.deadline.http.TimedDnsResolver} and, around the TLS strategy Boot or the
 * application set, the {@link io.middlewaretrace.deadline.http.TimedTlsSocketStrategy}. The
 * customizer beans, whose types are in other packages on each Spring Boot line, are in
 * {@link DeadlineRestClientCustomizers}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RestClient.class)
@ConditionalOnBooleanProperty(name = "middleware.deadline.http.enabled", matchIfMissing = true)
@Import(DeadlineRestClientCustomizers.class)
class DeadlineRestClientConfiguration {

	/**
	 * Name of the RestClient customizer bean.
	 */
	static final String CUSTOMIZER_BEAN_NAME = "middlewareDeadlineRestClientCustomizer";

	/**
	 * Name of the customizer bean that installs the exec chain handler.
	 */
	static final String BUILDER_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineHttpComponentsCustomizer";

	/**
	 * Name of the customizer bean that times DNS lookups.
	 */
	static final String DNS_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineHttpComponentsDnsCustomizer";

	@Bean
	@ConditionalOnMissingBean
	DeadlineClientHttpRequestInterceptor middlewareDeadlineClientHttpRequestInterceptor(DeadlineProperties properties) {
		DeadlineProperties.Http http = properties.getHttp();
		Duration margin = requireNotNegative("middleware.deadline.http.margin", http.getMargin());
		require(!http.isPropagate() || StringUtils.hasText(http.getHeader()), "middleware.deadline.http.header",
				http.getHeader(), "Must not be empty while middleware.deadline.http.propagate is true.");
		return new DeadlineClientHttpRequestInterceptor(margin, http.isPropagate() ? http.getHeader().strip() : null);
	}

}
