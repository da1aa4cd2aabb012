package io.middlewaretrace;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the marker bean that {@link EnableMiddlewareTrace} stands for; the auto-configuration
 * turns deep tracing on when it finds it.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class MiddlewareTraceMarkerConfiguration {

	@Bean
	Marker middlewareTraceMarker() {
		return new Marker();
	}

	/**
	 * Marker bean: present when the application is annotated with {@link EnableMiddlewareTrace}.
	 */
	public static final class Marker {

		Marker() {
		}

	}

}
