package io.middlewaretrace.autoconfigure.deadline;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.middlewaretrace.deadline.DeadlineAsyncTimeouts;
import io.middlewaretrace.deadline.DeadlineViewPhase;

/**
 * Registers {@link DeadlineAsyncTimeouts} for Spring MVC's async requests, and the
 * {@link DeadlineViewPhase} interceptors first and last.
 */
class DeadlineWebMvcConfigurer implements WebMvcConfigurer {

	private final DeadlineAsyncTimeouts timeouts;

	DeadlineWebMvcConfigurer(DeadlineAsyncTimeouts timeouts) {
		this.timeouts = timeouts;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(DeadlineViewPhase.beforeRender()).order(Ordered.HIGHEST_PRECEDENCE);
		registry.addInterceptor(DeadlineViewPhase.afterHandler()).order(Ordered.LOWEST_PRECEDENCE);
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.registerCallableInterceptors(this.timeouts);
		configurer.registerDeferredResultInterceptors(this.timeouts);
	}

}
