package io.middlewaretrace.autoconfigure.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.ProblemDetailTraceIdAdvice;

/**
 * Adds the request's trace id, as {@code traceId}, to what every {@code ErrorAttributes} bean
 * returns (Spring Boot's {@code DefaultErrorAttributes} or the application's own), so Boot's JSON
 * error body carries it and an error view can show it as {@code ${traceId}}. A {@code traceId}
 * the bean returned itself is kept.
 * <p>
 * The bean is advised, never replaced: the proxy is a subclass of the bean's class where it can
 * be one, so {@code DefaultErrorAttributes} stays the {@code HandlerExceptionResolver} and
 * {@code Ordered} bean Spring MVC finds by type, and can still be injected by its class.
 */
class ErrorAttributesTraceIdPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * Creates the post-processor of the beans of Spring Boot's {@code ErrorAttributes} type.
	 * @param errorAttributesType that type, in the package of the running Spring Boot line
	 */
	ErrorAttributesTraceIdPostProcessor(Class<?> errorAttributesType) {
		this.advisor = new GetErrorAttributesAdvisor(errorAttributesType);
		// a proxy the application made of its bean (for its own advice) gets ours first, so that
		// its advice sees the attributes as ours leaves them
		setBeforeExistingAdvisors(true);
	}

	@Override
	protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
		ProxyFactory proxyFactory = super.prepareProxyFactory(bean, beanName);
		if (!proxyFactory.isProxyTargetClass() && canSubclass(bean.getClass())) {
			proxyFactory.setProxyTargetClass(true);
		}
		return proxyFactory;
	}

	/**
	 * Whether a subclass proxy would behave as the bean: not if the class is final, nor if a
	 * public method is, since such a method would run on the proxy's own uninitialised state.
	 */
	private static boolean canSubclass(Class<?> type) {
		if (Modifier.isFinal(type.getModifiers())) {
			return false;
		}
		for (Method method : type.getMethods()) {
			if (method.getDeclaringClass() != Object.class && Modifier.isFinal(method.getModifiers())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Matches {@code ErrorAttributes.getErrorAttributes(WebRequest, ErrorAttributeOptions)} of
	 * any {@code ErrorAttributes}.
	 */
	private static final class GetErrorAttributesAdvisor extends StaticMethodMatcherPointcutAdvisor {

		GetErrorAttributesAdvisor(Class<?> errorAttributesType) {
			super(new TraceIdInterceptor());
			setClassFilter(errorAttributesType::isAssignableFrom);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return method.getName().equals("getErrorAttributes") && method.getParameterCount() == 2
					&& method.getParameterTypes()[0] == WebRequest.class
					&& Map.class.isAssignableFrom(method.getReturnType());
		}

	}

	private static final class TraceIdInterceptor implements MethodInterceptor {

		@Override
		@SuppressWarnings("unchecked")
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Object attributes = invocation.proceed();
			if (attributes instanceof Map<?, ?> map && !map.containsKey(ProblemDetailTraceIdAdvice.PROPERTY)
					&& invocation.getArguments()[0] instanceof WebRequest request) {
				String traceId = traceId(request);
				if (traceId != null) {
					// a copy: the map may be unmodifiable, and it is the application's
					Map<String, Object> withTraceId = new LinkedHashMap<>((Map<String, Object>) map);
					withTraceId.put(ProblemDetailTraceIdAdvice.PROPERTY, traceId);
					return withTraceId;
				}
			}
			return attributes;
		}

		private static String traceId(WebRequest request) {
			Object context = request.getAttribute(MiddlewareTraceFilter.CONTEXT_ATTRIBUTE,
					RequestAttributes.SCOPE_REQUEST);
			if (!(context instanceof DefaultRequestContext)) {
				context = RequestContextHolder.get();
			}
			return (context instanceof DefaultRequestContext requestContext) ? requestContext.traceId() : null;
		}

	}

}
