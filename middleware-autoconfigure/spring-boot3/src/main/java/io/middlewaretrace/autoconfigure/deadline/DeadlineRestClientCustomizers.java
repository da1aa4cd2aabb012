package io.middlewaretrace.autoconfigure.deadline;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
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

import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;

import static io.middlewaretrace.autoconfigure.deadline.DeadlineRestClientConfiguration.BUILDER_CUSTOMIZER_BEAN_NAME;
import static io.middlewaretrace.autoconfigure.deadline.DeadlineRestClientConfiguration.CUSTOMIZER_BEAN_NAME;
import static io.middlewaretrace.autoconfigure.deadline.DeadlineRestClientConfiguration.DNS_CUSTOMIZER_BEAN_NAME;

/**
 * The customizer beans of {@link DeadlineRestClientConfiguration}, with Spring Boot 3.5's
 * customizer and settings types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RestClientCustomizer.class)
class DeadlineRestClientCustomizers {

	@Bean(CUSTOMIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
	RestClientCustomizer middlewareDeadlineRestClientCustomizer(DeadlineClientHttpRequestInterceptor interceptor) {
		// added last: the innermost interceptor, closest to the network, seen again by every retry
		return (builder) -> builder.requestInterceptor(interceptor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpClientBuilder.class, ClientHttpRequestFactoryBuilderCustomizer.class })
	static class HttpComponentsDeadlineConfiguration {

		@Bean(BUILDER_CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = BUILDER_CUSTOMIZER_BEAN_NAME)
		// last, so that it sees the timeouts every other customizer configured
		@Order(Ordered.LOWEST_PRECEDENCE)
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> middlewareDeadlineHttpComponentsCustomizer(
				ObjectProvider<ClientHttpRequestFactorySettings> settings) {
			ClientHttpRequestFactorySettings defaults = settings
				.getIfAvailable(ClientHttpRequestFactorySettings::defaults);
			return (builder) -> HttpComponentsDeadlines.customize(builder, defaults.connectTimeout(),
					defaults.readTimeout());
		}

		@Bean(DNS_CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = DNS_CUSTOMIZER_BEAN_NAME)
		// first, so that a DNS resolver an application sets replaces ours instead of the reverse
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> middlewareDeadlineHttpComponentsDnsCustomizer() {
			return HttpComponentsDeadlines::timeDnsLookups;
		}

	}

}
