package io.middlewaretrace.deadline.resilience4j;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Base of the dynamic proxies that put a Resilience4j interface under the request's deadline.
 * A JDK proxy rather than a class implementing the interface: methods a newer Resilience4j adds
 * are forwarded as they are, and default methods run on the proxy, so the decorators they call
 * ({@code CircuitBreaker.decorateSupplier(this, ...)}) come back through the proxy.
 *
 * @param <T> the proxied interface
 */
abstract class DelegatingHandler<T> implements InvocationHandler {

	final T delegate;

	DelegatingHandler(T delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns a proxy of {@code delegate} handled by {@code handler}.
	 */
	static <T> T proxy(Class<T> type, DelegatingHandler<T> handler) {
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
		return type.cast(proxy);
	}

	/**
	 * Returns whether {@code candidate} is a proxy made here.
	 */
	static boolean isProxy(Object candidate) {
		return candidate != null && Proxy.isProxyClass(candidate.getClass())
				&& Proxy.getInvocationHandler(candidate) instanceof DelegatingHandler;
	}

	/**
	 * Returns the object a proxy made here stands for, or {@code candidate} itself.
	 */
	static Object unwrap(Object candidate) {
		if (isProxy(candidate)) {
			return ((DelegatingHandler<?>) Proxy.getInvocationHandler(candidate)).delegate;
		}
		return candidate;
	}

	/**
	 * Calls {@code method} as the proxied object would: default methods on the proxy, the
	 * others on the delegate, with the delegate's exception rethrown as it is.
	 */
	final Object forward(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		if (method.getDeclaringClass() == Object.class) {
			return objectMethod(proxy, method, args);
		}
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private Object objectMethod(Object proxy, Method method, Object[] args) {
		switch (method.getName()) {
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			default:
				return this.delegate.toString();
		}
	}

}
