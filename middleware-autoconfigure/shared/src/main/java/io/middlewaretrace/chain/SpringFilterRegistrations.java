package io.middlewaretrace.chain;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.filter.DelegatingFilterProxy;

import io.middlewaretrace.web.StageRecording;

/**
 * The filters Spring Boot registers, read the way Spring Boot reads them: through
 * {@link ServletContextInitializerBeans}, so the order is the one Spring Boot registers them in,
 * registration beans and adapted {@code Filter} beans alike.
 */
final class SpringFilterRegistrations {

	private static final Method TARGET_BEAN_NAME = targetBeanNameMethod();

	private final List<SpringFilter> filters;

	private final Map<String, SpringFilter> byName = new LinkedHashMap<>();

	private final Map<Object, SpringFilter> byInstance = new IdentityHashMap<>();

	private final ServletMappings servlets;

	private SpringFilterRegistrations(List<SpringFilter> filters, ServletMappings servlets) {
		this.filters = filters;
		this.servlets = servlets;
		for (SpringFilter filter : filters) {
			this.byName.putIfAbsent(filter.name(), filter);
			if (filter.filter() != null) {
				this.byInstance.putIfAbsent(StageRecording.unwrap(filter.filter()), filter);
			}
		}
	}

	static SpringFilterRegistrations of(ApplicationContext context) {
		ListableBeanFactory beanFactory = (context instanceof ConfigurableApplicationContext configurable)
				? configurable.getBeanFactory() : context;
		Set<Object> applicationRegistrations = Collections.newSetFromMap(new IdentityHashMap<>());
		applicationRegistrations
			.addAll(beanFactory.getBeansOfType(AbstractFilterRegistrationBean.class, true, false).values());
		List<SpringFilter> filters = new ArrayList<>();
		ServletMappings servlets = new ServletMappings();
		for (ServletContextInitializer initializer : new ServletContextInitializerBeans(beanFactory)) {
			if (initializer instanceof AbstractFilterRegistrationBean<?> registration) {
				boolean adapted = !applicationRegistrations.contains(registration)
						&& registration instanceof FilterRegistrationBean<?>;
				filters.add(adapted ? adapted((FilterRegistrationBean<?>) registration, beanFactory)
						: registered(registration, beanFactory));
			}
			else if (initializer instanceof ServletRegistrationBean<?> servlet && servlet.isEnabled()) {
				for (String pattern : servlet.getUrlMappings()) {
					servlets.add(pattern, servlet.getServletName());
				}
			}
		}
		return new SpringFilterRegistrations(filters, servlets);
	}

	List<SpringFilter> all() {
		return this.filters;
	}

	/**
	 * Finds the Spring registration of a filter the container knows, by name, else by instance.
	 */
	SpringFilter find(String name, Object filter) {
		SpringFilter found = this.byName.get(name);
		if (found == null && filter != null) {
			found = this.byInstance.get(StageRecording.unwrap(filter));
		}
		return found;
	}

	/**
	 * Returns the filters and servlets as a servlet container would map them from these
	 * registrations: the order when there is no container to ask.
	 */
	ContainerFilters asContainerFilters() {
		List<MappedFilter> urlMapped = new ArrayList<>();
		List<MappedFilter> servletMapped = new ArrayList<>();
		for (SpringFilter filter : this.filters) {
			if (filter.enabled()) {
				MappedFilter mapped = mapped(filter);
				(mapped.urlPatterns().isEmpty() ? servletMapped : urlMapped).add(mapped);
			}
		}
		urlMapped.addAll(servletMapped);
		return new ContainerFilters(MiddlewareChainDescriber.SOURCE_REGISTRATION, urlMapped, this.servlets);
	}

	static MappedFilter mapped(SpringFilter filter) {
		AbstractFilterRegistrationBean<?> registration = filter.registration();
		List<String> urlPatterns = new ArrayList<>(registration.getUrlPatterns());
		List<String> servletNames = new ArrayList<>(registration.getServletNames());
		for (ServletRegistrationBean<?> servlet : registration.getServletRegistrationBeans()) {
			servletNames.add(servlet.getServletName());
		}
		if (urlPatterns.isEmpty() && servletNames.isEmpty()) {
			urlPatterns.add("/*");
		}
		return new MappedFilter(filter.name(), filter.filter(), filter.className(), urlPatterns, servletNames,
				registration.determineDispatcherTypes(), registration.isAsyncSupported());
	}

	private static SpringFilter registered(AbstractFilterRegistrationBean<?> registration,
			ListableBeanFactory beanFactory) {
		if (registration instanceof DelegatingFilterProxyRegistrationBean proxy) {
			return new SpringFilter(registration.getFilterName(), targetClassName(proxy, beanFactory), null,
					registration, FilterDescriptor.ORDER_SOURCE_REGISTRATION_BEAN, null);
		}
		Object filter = registration.getFilter();
		return new SpringFilter(registration.getFilterName(), Components.className(filter), filter, registration,
				FilterDescriptor.ORDER_SOURCE_REGISTRATION_BEAN, null);
	}

	private static SpringFilter adapted(FilterRegistrationBean<?> registration, ListableBeanFactory beanFactory) {
		Object filter = registration.getFilter();
		String orderSource = orderSource(filter);
		return new SpringFilter(registration.getFilterName(), Components.className(filter), filter, registration,
				orderSource, ignoredBeanMethodOrder(registration, orderSource, beanFactory));
	}

	private static String orderSource(Object filter) {
		if (Components.orderOf(filter) == null) {
			return FilterDescriptor.ORDER_SOURCE_DEFAULT;
		}
		Object application = StageRecording.unwrap(filter);
		Object subject = (Components.orderOf(application) != null) ? application : filter;
		return (subject instanceof Ordered) ? FilterDescriptor.ORDER_SOURCE_ORDERED
				: FilterDescriptor.ORDER_SOURCE_ANNOTATION;
	}

	/**
	 * Spring Boot orders a plain {@code Filter} bean by its instance ({@code Ordered}, or
	 * {@code @Order} on its class), never by {@code @Order} on its {@code @Bean} method
	 * (spring-boot#18266). Such an annotation looks like it works and does not: say so.
	 */
	private static String ignoredBeanMethodOrder(FilterRegistrationBean<?> registration, String orderSource,
			ListableBeanFactory beanFactory) {
		String beanName = registration.getFilterName();
		if (!(beanFactory instanceof ConfigurableListableBeanFactory configurable)
				|| !configurable.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = configurable.getBeanDefinition(beanName);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		if (factoryMethod == null) {
			return null;
		}
		MergedAnnotation<Order> order = factoryMethod.getAnnotations().get(Order.class);
		if (!order.isPresent()) {
			return null;
		}
		int declared = order.getInt("value");
		if (declared == registration.getOrder() && !FilterDescriptor.ORDER_SOURCE_DEFAULT.equals(orderSource)) {
			return null;
		}
		return "@Order(" + declared + ") on the @Bean method is ignored: Spring Boot orders a Filter bean by "
				+ "Ordered or @Order on its class; register it with a FilterRegistrationBean to set its order";
	}

	private static String targetClassName(DelegatingFilterProxyRegistrationBean registration,
			ListableBeanFactory beanFactory) {
		String target = targetBeanName(registration);
		Class<?> type = (target != null && beanFactory.containsBean(target)) ? beanFactory.getType(target, false)
				: null;
		return (type != null) ? ClassUtils.getUserClass(type).getName() : DelegatingFilterProxy.class.getName();
	}

	private static String targetBeanName(DelegatingFilterProxyRegistrationBean registration) {
		if (TARGET_BEAN_NAME == null) {
			return registration.getFilterName();
		}
		Object name = ReflectionUtils.invokeMethod(TARGET_BEAN_NAME, registration);
		return (name != null) ? name.toString() : registration.getFilterName();
	}

	private static Method targetBeanNameMethod() {
		// protected in Spring Boot: read it rather than guess from the filter name
		Method method = ReflectionUtils.findMethod(DelegatingFilterProxyRegistrationBean.class, "getTargetBeanName");
		if (method != null) {
			ReflectionUtils.makeAccessible(method);
		}
		return method;
	}

	ServletMappings servlets() {
		return this.servlets;
	}

}
