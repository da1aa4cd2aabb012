package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.resilience4j.DeadlineResilience4jPostProcessor;
import io.middlewaretrace.testapp.BootAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadlineResilience4jConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class, DeadlineAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.RESILIENCE4J_CIRCUIT_BREAKER)
		.withConfiguration(BootAutoConfigurations.RESILIENCE4J_RETRY)
		.withConfiguration(BootAutoConfigurations.RESILIENCE4J_TIME_LIMITER);

	@Test
	void isOnByDefaultWithResilience4jOnTheClassPath() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeadlineResilience4jPostProcessor.class);
			assertThat(refusesASpentBudget(context)).isTrue();
			assertThat(isDeadlineAware(context.getBean(RetryRegistry.class).retry("orders"))).isTrue();
			assertThat(isDeadlineAware(context.getBean(TimeLimiterRegistry.class).timeLimiter("orders"))).isTrue();
		});
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("middleware.deadline.resilience4j.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DeadlineResilience4jPostProcessor.class);
			assertThat(refusesASpentBudget(context)).isFalse();
		});
	}

	@Test
	void isOffWithDeadlines() {
		this.runner.withPropertyValues("middleware.deadline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineResilience4jPostProcessor.class));
	}

	@Test
	void isOffWithoutResilience4j() {
		this.runner.withClassLoader(new FilteredClassLoader(CircuitBreakerRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineResilience4jPostProcessor.class));
	}

	@Test
	void backsOffForAUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class)
			.run((context) -> assertThat(context).getBean(DeadlineResilience4jPostProcessor.class)
				.isSameAs(UserPostProcessorConfiguration.POST_PROCESSOR));
	}

	@Test
	void wrapsARegistryTheApplicationDefines() {
		this.runner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CircuitBreakerRegistry.class);
			assertThat(refusesASpentBudget(context)).isTrue();
		});
	}

	private static boolean refusesASpentBudget(AssertableWebApplicationContext context) {
		CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("orders");
		AtomicInteger calls = new AtomicInteger();
		DefaultRequestContext request = DefaultRequestContext.builder("GET").build();
		request.startDeadline(Deadline.of(System.nanoTime() - Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(1),
				"test"), null);
		RequestContextHolder.set(request);
		try {
			Throwable failure = catchThrowable(() -> breaker.executeSupplier(calls::incrementAndGet));
			return failure instanceof DeadlineExceededException && calls.get() == 0;
		}
		finally {
			RequestContextHolder.clear();
		}
	}

	private static boolean isDeadlineAware(Object instance) {
		return java.lang.reflect.Proxy.isProxyClass(instance.getClass());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		static final DeadlineResilience4jPostProcessor POST_PROCESSOR = new DeadlineResilience4jPostProcessor();

		@Bean
		static DeadlineResilience4jPostProcessor userPostProcessor() {
			return POST_PROCESSOR;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		CircuitBreakerRegistry userCircuitBreakerRegistry() {
			return CircuitBreakerRegistry.ofDefaults();
		}

	}

}
