package io.middlewaretrace.context;

import io.micrometer.context.ThreadLocalAccessor;

/**
 * Lets Micrometer context-propagation carry the {@link DefaultRequestContext} into executors,
 * {@code @Async} methods and reactive operators, the same way it carries the trace. Registered
 * through {@code META-INF/services}.
 *
 * @since 0.1.0
 */
public final class RequestContextThreadLocalAccessor implements ThreadLocalAccessor<DefaultRequestContext> {

	/**
	 * Key under which the context is captured.
	 */
	public static final String KEY = "io.middlewaretrace.request-context";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public DefaultRequestContext getValue() {
		return RequestContextHolder.get();
	}

	@Override
	public void setValue(DefaultRequestContext value) {
		RequestContextHolder.set(value);
	}

	@Override
	public void setValue() {
		RequestContextHolder.clear();
	}

}
