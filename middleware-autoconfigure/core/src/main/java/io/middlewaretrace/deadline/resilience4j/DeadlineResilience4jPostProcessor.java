package io.middlewaretrace.deadline.resilience4j;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Replaces the {@link CircuitBreakerRegistry}, {@link RetryRegistry} and
 * {@link TimeLimiterRegistry} beans with registries that hand out deadline-aware instances
 * ({@link DeadlineResilience4j}), so that the Resilience4j annotations and code that asks the
 * registries for instances both honour the request's deadline. A registry whose module is not
 * on the class path is left alone.
 *
 * @since 0.1.0
 */
public class DeadlineResilience4jPostProcessor implements BeanPostProcessor {

	private static final ClassLoader CLASS_LOADER = DeadlineResilience4jPostProcessor.class.getClassLoader();

	private static final boolean RETRY_PRESENT = ClassUtils.isPresent("io.github.resilience4j.retry.RetryRegistry",
			CLASS_LOADER);

	private static final boolean TIME_LIMITER_PRESENT = ClassUtils
		.isPresent("io.github.resilience4j.timelimiter.TimeLimiterRegistry", CLASS_LOADER);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (ScopedProxyUtils.isScopedTarget(beanName)) {
			return bean;
		}
		if (bean instanceof CircuitBreakerRegistry registry) {
			return DeadlineResilience4j.circuitBreakerRegistry(registry);
		}
		if (RETRY_PRESENT && bean instanceof RetryRegistry registry) {
			return DeadlineResilience4j.retryRegistry(registry);
		}
		if (TIME_LIMITER_PRESENT && bean instanceof TimeLimiterRegistry registry) {
			return DeadlineResilience4j.timeLimiterRegistry(registry);
		}
		return bean;
	}

}
