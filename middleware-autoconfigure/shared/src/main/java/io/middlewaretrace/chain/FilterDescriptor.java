package io.middlewaretrace.chain;

import java.util.List;

/**
 * One servlet filter as the middleware endpoint shows it.
 *
 * @param name the filter name the servlet container knows it by
 * @param className the application's filter class: stage-recording wrappers are unwrapped, and
 * for a {@code DelegatingFilterProxyRegistrationBean} it is the class of the target bean
 * @param order the order value Spring Boot registered the filter with, {@code null} for a filter
 * the container or a library added without Spring
 * @param orderSource where the order value comes from: {@value #ORDER_SOURCE_REGISTRATION_BEAN},
 * {@value #ORDER_SOURCE_ANNOTATION}, {@value #ORDER_SOURCE_ORDERED}, {@value #ORDER_SOURCE_DEFAULT}
 * or {@value #ORDER_SOURCE_CONTAINER}
 * @param dispatcherTypes the dispatcher types the filter is mapped for
 * @param urlPatterns the URL patterns the filter is mapped to
 * @param servletNames the servlet names the filter is mapped to
 * @param asyncSupported whether the filter supports asynchronous requests
 * @param enabled whether the filter is registered at all ({@code false} for a disabled
 * {@code FilterRegistrationBean})
 * @param orderCollision whether another filter ordered by Spring has the same order value, which
 * makes their relative order accidental
 * @param collidesWith the names of the filters with the same order value
 * @param note a remark about this filter, or {@code null}
 * @since 0.1.0
 */
public record FilterDescriptor(String name, String className, Integer order, String orderSource,
		List<String> dispatcherTypes, List<String> urlPatterns, List<String> servletNames, boolean asyncSupported,
		boolean enabled, boolean orderCollision, List<String> collidesWith, String note) {

	/**
	 * Order source of a filter registered by a {@code FilterRegistrationBean} or a
	 * {@code DelegatingFilterProxyRegistrationBean}: its {@code getOrder()}.
	 */
	public static final String ORDER_SOURCE_REGISTRATION_BEAN = "FilterRegistrationBean";

	/**
	 * Order source of a filter bean whose class is annotated with {@code @Order}.
	 */
	public static final String ORDER_SOURCE_ANNOTATION = "@Order";

	/**
	 * Order source of a filter bean that implements {@code Ordered}.
	 */
	public static final String ORDER_SOURCE_ORDERED = "Ordered";

	/**
	 * Order source of a filter bean without an order: {@code Ordered.LOWEST_PRECEDENCE}.
	 */
	public static final String ORDER_SOURCE_DEFAULT = "default";

	/**
	 * Order source of a filter the servlet container or a library registered without Spring
	 * (Tomcat's {@code WsFilter}, for example): it has no Spring order.
	 */
	public static final String ORDER_SOURCE_CONTAINER = "container";

}
