package io.middlewaretrace.chain;

import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;

/**
 * A filter as Spring Boot registers it: through a registration bean of the application, or a
 * plain {@code Filter} bean Spring Boot adapted.
 *
 * @param name the filter name
 * @param className the application's filter class
 * @param filter the filter instance as registered, {@code null} for a
 * {@code DelegatingFilterProxyRegistrationBean}, whose proxy is created on registration
 * @param registration the registration bean, adapted or the application's
 * @param orderSource where the order value comes from (see {@link FilterDescriptor#orderSource()})
 * @param note a remark about the filter, or {@code null}
 */
record SpringFilter(String name, String className, Object filter, AbstractFilterRegistrationBean<?> registration,
		String orderSource, String note) {

	int order() {
		return this.registration.getOrder();
	}

	boolean enabled() {
		return this.registration.isEnabled();
	}

}
