package io.middlewaretrace.context;

/**
 * Binds a {@link DefaultRequestContext} to the thread working for its request. The starter's filter
 * binds and clears it around every dispatch; {@link RequestContextThreadLocalAccessor} carries
 * it to other threads. Applications read it through {@link RequestContext#current()}.
 *
 * @since 0.1.0
 */
public final class RequestContextHolder {

	private static final ThreadLocal<DefaultRequestContext> CURRENT = new ThreadLocal<>();

	private RequestContextHolder() {
	}

	/**
	 * Returns the context bound to the current thread.
	 * @return the context, or {@code null}
	 */
	public static DefaultRequestContext get() {
		return CURRENT.get();
	}

	/**
	 * Binds a context to the current thread.
	 * @param context the context to bind, {@code null} to clear
	 */
	public static void set(DefaultRequestContext context) {
		CURRENT.set(context);
	}

	/**
	 * Clears the current thread's context.
	 */
	public static void clear() {
		// set(null) rather than remove(): the thread's map entry is kept, so the next request on
		// this pooled thread binds its context without allocating a new one; a null value holds
		// nothing alive
		CURRENT.set(null);
	}

}
