package io.middlewaretrace.deadline;

/**
 * The container's timeout for the next blocking read of a request body, which the starter
 * shortens to the request's remaining budget, so that a read waiting for bytes that do not come
 * (a stalled upload) ends at the deadline instead of at the container's own read timeout. A
 * container adapter puts one in the request attribute {@link #ATTRIBUTE} (on Tomcat, the
 * {@code CloseConnectionValve} does, for HTTP/1.1).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReadTimeout {

	/**
	 * Request attribute holding the request's {@link ReadTimeout}, if its container has one.
	 */
	String ATTRIBUTE = ReadTimeout.class.getName();

	/**
	 * Limits the next blocking read of the request body to at most {@code millis}.
	 * @param millis the limit, at least 1
	 */
	void limitNextRead(long millis);

}
