package io.middlewaretrace.chain;

import java.util.List;

/**
 * One handler mapping, in the order the {@code DispatcherServlet} asks them for a handler.
 *
 * @param beanName the bean name, or {@code null} when the mapping is not a bean
 * @param className the handler mapping's class
 * @param order the handler mapping's order value
 * @param interceptors its interceptors, in the order they run
 * @since 0.1.0
 */
public record HandlerMappingDescriptor(String beanName, String className, int order,
		List<InterceptorDescriptor> interceptors) {
}
