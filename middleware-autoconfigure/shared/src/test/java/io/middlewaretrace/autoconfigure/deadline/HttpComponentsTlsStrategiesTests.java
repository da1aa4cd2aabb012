package io.middlewaretrace.autoconfigure.deadline;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.ReflectionUtils;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.deadline.http.TimedTlsSocketStrategy;
import io.middlewaretrace.testapp.BootAutoConfigurations;
import io.middlewaretrace.testapp.BootLineSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS strategy an Apache HttpClient 5 connection manager is built with is wrapped, never
 * replaced: whether Boot set it from an SSL bundle, the application set its own, or none was set.
 */
class HttpComponentsTlsStrategiesTests {

	private static final TlsSocketStrategy USER_STRATEGY = (socket, target, port, attachment, context) -> {
		throw new UnsupportedOperationException();
	};

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.HTTP_CLIENT);

	@Test
	void wrapsTheStrategySetOnTheBuilder() {
		PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(USER_STRATEGY);
		HttpComponentsTlsStrategies.wrap(builder);
		assertThat(strategy(builder)).isInstanceOfSatisfying(TimedTlsSocketStrategy.class,
				(timed) -> assertThat(timed.getDelegate()).isSameAs(USER_STRATEGY));
	}

	@Test
	void wrapsHttpClientsDefaultWhenNoneWasSet() {
		PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
			.useSystemProperties();
		HttpComponentsTlsStrategies.wrap(builder);
		assertThat(strategy(builder)).isInstanceOfSatisfying(TimedTlsSocketStrategy.class,
				(timed) -> assertThat(timed.getDelegate()).isInstanceOf(DefaultClientTlsStrategy.class));
	}

	@Test
	void wrapsOnlyOnce() {
		PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(USER_STRATEGY);
		HttpComponentsTlsStrategies.wrap(builder);
		TlsSocketStrategy once = strategy(builder);
		HttpComponentsTlsStrategies.wrap(builder);
		assertThat(strategy(builder)).isSameAs(once);
	}

	@Test
	void theStartersCustomizerWrapsTheStrategyTheApplicationsFactoryMadeForTheSslBundle() {
		this.runner.run((context) -> {
			Object customizer = context.getBean(DeadlineRestClientConfiguration.BUILDER_CUSTOMIZER_BEAN_NAME);
			AtomicReference<TlsSocketStrategy> built = new AtomicReference<>();
			HttpComponentsClientHttpRequestFactoryBuilder builder = ClientHttpRequestFactoryBuilder.httpComponents()
				.withTlsSocketStrategyFactory((bundle) -> USER_STRATEGY);
			BootLineSupport.build(BootLineSupport.customize(customizer, builder)
				.withConnectionManagerCustomizer((manager) -> built.set(strategy(manager))),
					SslBundle.of(SslStoreBundle.NONE));
			assertThat(built.get()).isInstanceOfSatisfying(TimedTlsSocketStrategy.class,
					(timed) -> assertThat(timed.getDelegate()).isSameAs(USER_STRATEGY));
		});
	}

	private static TlsSocketStrategy strategy(PoolingHttpClientConnectionManagerBuilder builder) {
		Field field = ReflectionUtils.findField(PoolingHttpClientConnectionManagerBuilder.class, "tlsSocketStrategy");
		ReflectionUtils.makeAccessible(field);
		return (TlsSocketStrategy) ReflectionUtils.getField(field, builder);
	}

}
