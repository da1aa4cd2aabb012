package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.http.client.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;
import io.middlewaretrace.deadline.http.TimedDnsResolver;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Makes Boot-built RestClients deadline-aware: a {@link RestClientCustomizer} adds the
 * {@link DeadlineClientHttpRequestInterceptor} (fail fast, outbound budget header, abort at the
 * deadline, call phases); with Apache HttpClient 5, customizers of Boot's request factory
 * builder install the {@link io.middlewaretrace.deadline.http.DeadlineExecChainHandler}
 * (per-exchange lease, connect and response timeouts, abort of the connection, lease and
 * connect phases), the {@link TimedDnsResolver} and, around the TLS strategy Boot or the
 * application set, the {@link io.middlewaretrace.deadline.http.TimedTlsSocketStrategy}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RestClient.class)
@ConditionalOnBooleanProperty(name = "middleware.deadline.http.enabled", matchIfMissing = true)
class DeadlineRestClientConfiguration {

	/**
	 * Name of the RestClient customizer bean.
	 */
	static final String CUSTOMIZER_BEAN_NAME = "middlewareDeadlineRestClientCustomizer";

	@Bean
	@ConditionalOnMissingBean
	DeadlineClientHttpRequestInterceptor middlewareDeadlineClientHttpRequestInterceptor(DeadlineProperties properties) {
		DeadlineProperties.Http http = properties.getHttp();
		Duration margin = requireNotNegative("middleware.deadline.http.margin", http.getMargin());
		require(!http.isPropagate() || StringUtils.hasText(http.getHeader()), "middleware.deadline.http.header",
				http.getHeader(), "Must not be empty while middleware.deadline.http.propagate is true.");
		return new DeadlineClientHttpRequestInterceptor(margin, http.isPropagate() ? http.getHeader().strip() : null);
	}

	@Bean(CUSTOMIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
	RestClientCustomizer middlewareDeadlineRestClientCustomizer(DeadlineClientHttpRequestInterceptor interceptor) {
		// added last: the innermost interceptor, closest to the network, seen again by every retry
		return (builder) -> builder.requestInterceptor(interceptor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpClientBuilder.class, ClientHttpRequestFactoryBuilderCustomizer.class })
	static class HttpComponentsDeadlineConfiguration {

		/**
		 * Name of the customizer bean that installs the exec chain handler.
		 */
		static final String BUILDER_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineHttpComponentsCustomizer";

		/**
		 * Name of the customizer bean that times DNS lookups.
		 */
		static final String DNS_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineHttpComponentsDnsCustomizer";

		@Bean(BUILDER_CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = BUILDER_CUSTOMIZER_BEAN_NAME)
		// last, so that it sees the timeouts every other customizer configured
		@Order(Ordered.LOWEST_PRECEDENCE)
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> middlewareDeadlineHttpComponentsCustomizer(
				ObjectProvider<ClientHttpRequestFactorySettings> settings) {
			HttpComponentsTimeouts timeouts = new HttpComponentsTimeouts(
					settings.getIfAvailable(ClientHttpRequestFactorySettings::defaults));
			// the TLS strategy is wrapped after Boot set the SSL bundle's and every earlier customizer ran
			return (builder) -> timeouts.customize(builder)
				.withConnectionManagerCustomizer(HttpComponentsTlsStrategies::wrap);
		}

		@Bean(DNS_CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = DNS_CUSTOMIZER_BEAN_NAME)
		// first, so that a DNS resolver an application sets replaces ours instead of the reverse
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> middlewareDeadlineHttpComponentsDnsCustomizer() {
			return (builder) -> builder.withConnectionManagerCustomizer(
					(manager) -> manager.setDnsResolver(new TimedDnsResolver(SystemDefaultDnsResolver.INSTANCE)));
		}

	}

}
