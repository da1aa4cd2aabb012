package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.http.DeadlineClientHttpRequestInterceptor;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineRestClientConfigurationTests {

	private static final String CUSTOMIZER = DeadlineRestClientConfiguration.CUSTOMIZER_BEAN_NAME;

	private static final String HTTP_COMPONENTS = DeadlineRestClientConfiguration.BUILDER_CUSTOMIZER_BEAN_NAME;

	private static final String DNS = DeadlineRestClientConfiguration.DNS_CUSTOMIZER_BEAN_NAME;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.HTTP_CLIENT)
		.withConfiguration(BootAutoConfigurations.REST_CLIENT);

	@Test
	void makesBootBuiltRestClientsDeadlineAwareByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeadlineClientHttpRequestInterceptor.class)
				.hasBean(CUSTOMIZER)
				.hasBean(HTTP_COMPONENTS)
				.hasBean(DNS);
			assertThat(interceptors(context.getBean(RestClient.Builder.class)))
				.containsExactly(context.getBean(DeadlineClientHttpRequestInterceptor.class));
		});
	}

	@Test
	void leavesRestClientsAloneWhenHttpDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.http.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class)
				.doesNotHaveBean(CUSTOMIZER)
				.doesNotHaveBean(HTTP_COMPONENTS)
				.doesNotHaveBean(DNS);
			assertThat(interceptors(context.getBean(RestClient.Builder.class))).isEmpty();
		});
	}

	@Test
	void leavesRestClientsAloneWhenDeadlinesAreOff() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class)
				.doesNotHaveBean(CUSTOMIZER));
	}

	@Test
	void backsOffWhenTheUserDefinesTheInterceptor() {
		this.runner.withUserConfiguration(UserInterceptorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DeadlineClientHttpRequestInterceptor.class)
				.getBean(DeadlineClientHttpRequestInterceptor.class)
				.isSameAs(context.getBean("userInterceptor"));
			assertThat(interceptors(context.getBean(RestClient.Builder.class)))
				.containsExactly(context.getBean("userInterceptor", ClientHttpRequestInterceptor.class));
		});
	}

	@Test
	void skipsTheHttpComponentsHooksWithoutApacheHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClientBuilder.class))
			.run((context) -> assertThat(context).hasSingleBean(DeadlineClientHttpRequestInterceptor.class)
				.hasBean(CUSTOMIZER)
				.doesNotHaveBean(HTTP_COMPONENTS)
				.doesNotHaveBean(DNS));
	}

	@Test
	void contributesNothingWithoutRestClient() {
		this.runner.withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class)
				.doesNotHaveBean(CUSTOMIZER));
	}

	@Test
	void contributesNothingToANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DeadlineAutoConfiguration.class))
			.withConfiguration(BootAutoConfigurations.REST_CLIENT)
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class));
	}

	@Test
	void rejectsANegativeMargin() {
		this.runner.withPropertyValues("middleware.deadline.http.margin=-1ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.http.margin")
				.hasFieldOrPropertyWithValue("value", Duration.ofMillis(-1)));
	}

	@Test
	void rejectsAnEmptyHeaderNameWhilePropagating() {
		this.runner.withPropertyValues("middleware.deadline.http.header= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasFieldOrPropertyWithValue("name", "middleware.deadline.http.header")
				.hasFieldOrPropertyWithValue("value", "")
				.hasFieldOrPropertyWithValue("reason",
						"Must not be empty while middleware.deadline.http.propagate is true."));
	}

	@Test
	void acceptsAnEmptyHeaderNameWhenNotPropagating() {
		this.runner.withPropertyValues("middleware.deadline.http.header=", "middleware.deadline.http.propagate=false")
			.run((context) -> assertThat(context).hasSingleBean(DeadlineClientHttpRequestInterceptor.class));
	}

	private static List<ClientHttpRequestInterceptor> interceptors(RestClient.Builder builder) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		builder.requestInterceptors(interceptors::addAll);
		return interceptors;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptorConfiguration {

		@Bean
		DeadlineClientHttpRequestInterceptor userInterceptor() {
			return new DeadlineClientHttpRequestInterceptor(java.time.Duration.ZERO, null);
		}

	}

}
