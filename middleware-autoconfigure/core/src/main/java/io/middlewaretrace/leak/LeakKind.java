package io.middlewaretrace.leak;

/**
 * What leaked: the {@code kind} tag of the {@code middleware.leaks} counter.
 *
 * @since 0.1.0
 */
public enum LeakKind {

	/**
	 * A pooled connection still open when the request that borrowed it completed.
	 */
	CONNECTION,

	/**
	 * A task started on a request's behalf, still running well after the request completed.
	 */
	TASK,

	/**
	 * MDC entries the application added during a request and did not remove, or found left on
	 * a thread when a request started.
	 */
	MDC;

	/**
	 * Returns the tag value: the name in lower case.
	 * @return the tag value
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
