package io.middlewaretrace.chain;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The application's middleware in the order it runs: servlet filters, Spring Security filter
 * chains, handler mappings and their interceptors.
 *
 * @param source where the filter order comes from: {@value MiddlewareChainDescriber#SOURCE_TOMCAT}
 * (the embedded Tomcat's own filter mappings, the order it builds chains in) or
 * {@value MiddlewareChainDescriber#SOURCE_REGISTRATION} (Spring Boot's registration order, on
 * MockMvc and other containers)
 * @param filters every servlet filter in execution order; disabled registrations and filters the
 * container did not register come last
 * @param securityFilterChains the security filter chains in the order they are tried, empty
 * without Spring Security
 * @param handlerMappings the handler mappings in the order the {@code DispatcherServlet} uses
 * @param orderCollisions groups of filters that share an order value
 * @since 0.1.0
 */
public record MiddlewareChainDescriptor(String source, List<FilterDescriptor> filters,
		List<SecurityFilterChainDescriptor> securityFilterChains, List<HandlerMappingDescriptor> handlerMappings,
		List<OrderCollision> orderCollisions) implements OperationResponseBody {
}
