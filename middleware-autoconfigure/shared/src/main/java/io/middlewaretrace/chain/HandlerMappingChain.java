package io.middlewaretrace.chain;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

import io.middlewaretrace.web.StageRecording;

/**
 * The handler mappings of the {@link DispatcherServlet} in the order it asks them, their
 * interceptors, and the handler and interceptors a request would get. Only loaded when Spring
 * MVC is on the class path.
 */
final class HandlerMappingChain {

	private static final String DISPATCHER_SERVLET_BEAN_NAME = "dispatcherServlet";

	private final List<HandlerMapping> mappings;

	private final Map<HandlerMapping, String> beanNames = new IdentityHashMap<>();

	private final Set<String> dispatcherServletNames = new LinkedHashSet<>();

	private final HandlerMappingIntrospector introspector;

	private HandlerMappingChain(ApplicationContext context) {
		this.introspector = context.getBeanProvider(HandlerMappingIntrospector.class).getIfUnique();
		Map<String, HandlerMapping> beans = BeanFactoryUtils.beansOfTypeIncludingAncestors(context,
				HandlerMapping.class, true, false);
		beans.forEach((name, mapping) -> this.beanNames.putIfAbsent(mapping, name));
		DispatcherServlet dispatcherServlet = dispatcherServlet(context);
		List<HandlerMapping> initialized = (dispatcherServlet != null) ? dispatcherServlet.getHandlerMappings()
				: null;
		if (initialized != null) {
			this.mappings = initialized;
		}
		else {
			// what an uninitialised DispatcherServlet will do when it detects all handler mappings
			this.mappings = new ArrayList<>(beans.values());
			AnnotationAwareOrderComparator.sort(this.mappings);
		}
		context.getBeansOfType(DispatcherServlet.class, false, false)
			.keySet()
			.forEach(this.dispatcherServletNames::add);
		for (ServletRegistrationBean<?> registration : context.getBeansOfType(ServletRegistrationBean.class, false,
				false)
			.values()) {
			if (registration.getServlet() instanceof DispatcherServlet) {
				this.dispatcherServletNames.add(registration.getServletName());
			}
		}
	}

	static HandlerMappingChain of(ApplicationContext context) {
		return new HandlerMappingChain(context);
	}

	private static DispatcherServlet dispatcherServlet(ApplicationContext context) {
		DispatcherServlet unique = context.getBeanProvider(DispatcherServlet.class).getIfUnique();
		if (unique == null && context.containsBean(DISPATCHER_SERVLET_BEAN_NAME)
				&& context.isTypeMatch(DISPATCHER_SERVLET_BEAN_NAME, DispatcherServlet.class)) {
			return context.getBean(DISPATCHER_SERVLET_BEAN_NAME, DispatcherServlet.class);
		}
		return unique;
	}

	/**
	 * Prepares a request as Spring Security's {@code CompositeFilterChainProxy} does before its
	 * request matchers run: with the {@link HandlerMappingIntrospector}'s cached lookup.
	 */
	void prepareForSecurity(HttpServletRequest request) {
		if (this.introspector != null) {
			this.introspector.setCache(request);
		}
	}

	boolean isDispatcherServlet(String servletName) {
		return this.dispatcherServletNames.contains(servletName);
	}

	List<HandlerMappingDescriptor> describe() {
		List<HandlerMappingDescriptor> descriptors = new ArrayList<>(this.mappings.size());
		for (HandlerMapping mapping : this.mappings) {
			List<InterceptorDescriptor> interceptors = new ArrayList<>();
			// null for a mapping without interceptors (on Spring Framework 7, the actuator's)
			HandlerInterceptor[] adapted = (mapping instanceof AbstractHandlerMapping abstractMapping)
					? abstractMapping.getAdaptedInterceptors() : null;
			if (adapted != null) {
				for (HandlerInterceptor interceptor : adapted) {
					interceptors.add(describe(interceptor));
				}
			}
			descriptors.add(new HandlerMappingDescriptor(this.beanNames.get(mapping), Components.className(mapping),
					order(mapping), interceptors));
		}
		return descriptors;
	}

	private static int order(HandlerMapping mapping) {
		if (mapping instanceof Ordered ordered) {
			return ordered.getOrder();
		}
		Integer order = Components.orderOf(mapping);
		return (order != null) ? order : Ordered.LOWEST_PRECEDENCE;
	}

	private static InterceptorDescriptor describe(HandlerInterceptor interceptor) {
		Object unwrapped = StageRecording.unwrap(interceptor);
		if (unwrapped instanceof MappedInterceptor mapped) {
			List<String> includes = list(mapped.getIncludePathPatterns());
			return new InterceptorDescriptor(Components.className(mapped.getInterceptor()), includes.isEmpty(),
					includes, list(mapped.getExcludePathPatterns()));
		}
		return new InterceptorDescriptor(Components.className(unwrapped), true, List.of(), List.of());
	}

	private static List<String> list(String[] patterns) {
		return (patterns != null) ? List.of(patterns) : List.of();
	}

	/**
	 * Asks each handler mapping for the request's handler, in order, as the
	 * {@code DispatcherServlet} does; an exception a mapping throws (a method not supported, for
	 * example) ends the lookup as it ends the dispatch.
	 * @return the handler found, or {@code null}
	 */
	Lookup lookup(HttpServletRequest request) throws Exception {
		ServletRequestPathUtils.parseAndCache(request);
		for (HandlerMapping mapping : this.mappings) {
			HandlerExecutionChain chain = mapping.getHandler(request);
			if (chain != null) {
				String mappingName = this.beanNames.get(mapping);
				List<String> interceptors = new ArrayList<>();
				for (HandlerInterceptor interceptor : chain.getInterceptorList()) {
					interceptors.add(interceptorClassName(interceptor));
				}
				Object handler = chain.getHandler();
				return new Lookup((mappingName != null) ? mappingName : Components.className(mapping),
						handlerName(handler), handlerClassName(handler), interceptors);
			}
		}
		return null;
	}

	/**
	 * Describes a handler: {@code Controller#method(ParameterTypes)} for a handler method, the
	 * simple class name otherwise.
	 */
	private static String handlerName(Object handler) {
		if (handler instanceof HandlerMethod handlerMethod) {
			StringBuilder name = new StringBuilder(ClassUtils.getShortName(handlerMethod.getBeanType()));
			name.append('#').append(handlerMethod.getMethod().getName()).append('(');
			Class<?>[] parameterTypes = handlerMethod.getMethod().getParameterTypes();
			for (int i = 0; i < parameterTypes.length; i++) {
				name.append((i > 0) ? ", " : "").append(parameterTypes[i].getSimpleName());
			}
			return name.append(')').toString();
		}
		return Components.shortName(Components.className(handler));
	}

	private static String handlerClassName(Object handler) {
		return (handler instanceof HandlerMethod handlerMethod) ? handlerMethod.getBeanType().getName()
				: Components.className(handler);
	}

	private static String interceptorClassName(HandlerInterceptor interceptor) {
		Object unwrapped = StageRecording.unwrap(interceptor);
		return Components.className(
				(unwrapped instanceof MappedInterceptor mapped) ? mapped.getInterceptor() : unwrapped);
	}

	/**
	 * The handler a request would get.
	 *
	 * @param mapping the handler mapping that found it (bean name, else class name)
	 * @param handler the handler's description
	 * @param handlerClassName the handler's class
	 * @param interceptors the classes of the interceptors of its execution chain, in order
	 */
	record Lookup(String mapping, String handler, String handlerClassName, List<String> interceptors) {
	}

}
