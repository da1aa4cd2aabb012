package io.middlewaretrace.autoconfigure.web;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.middlewaretrace.web.RoutePatternInterceptor;

/**
 * Registers the {@link RoutePatternInterceptor} first, so the route pattern is in the MDC
 * before any application interceptor logs.
 */
class MiddlewareTraceWebMvcConfigurer implements WebMvcConfigurer {

	private final RoutePatternInterceptor interceptor;

	MiddlewareTraceWebMvcConfigurer(RoutePatternInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.interceptor).order(Ordered.HIGHEST_PRECEDENCE);
	}

}
