package io.middlewaretrace.autoconfigure.deadline;

import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.middlewaretrace.deadline.DeadlineAsyncTimeouts;

/**
 * Registers {@link DeadlineAsyncTimeouts} for Spring MVC's async requests.
 */
class DeadlineWebMvcConfigurer implements WebMvcConfigurer {

	private final DeadlineAsyncTimeouts timeouts;

	DeadlineWebMvcConfigurer(DeadlineAsyncTimeouts timeouts) {
		this.timeouts = timeouts;
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.registerCallableInterceptors(this.timeouts);
		configurer.registerDeferredResultInterceptors(this.timeouts);
	}

}
