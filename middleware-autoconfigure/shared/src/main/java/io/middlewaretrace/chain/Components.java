package io.middlewaretrace.chain;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;

import io.middlewaretrace.web.StageRecording;

/**
 * What a filter, interceptor or handler mapping is, as the application wrote it: its class
 * behind stage-recording wrappers and Spring proxies, and its order value as Spring sees it.
 */
final class Components {

	private static final OrderValues ORDER_VALUES = new OrderValues();

	private Components() {
	}

	static String className(Object component) {
		Object unwrapped = StageRecording.unwrap(component);
		return (unwrapped != null) ? AopProxyUtils.ultimateTargetClass(unwrapped).getName() : null;
	}

	static String shortName(String className) {
		return (className != null) ? ClassUtils.getShortName(className) : null;
	}

	/**
	 * Returns the order value of a component from {@code Ordered}, {@code @Order} or
	 * {@code @Priority}, or {@code null} when it has none.
	 */
	static Integer orderOf(Object component) {
		return ORDER_VALUES.orderOf(component);
	}

	private static final class OrderValues extends AnnotationAwareOrderComparator {

		Integer orderOf(Object component) {
			return findOrder(component);
		}

	}

}
