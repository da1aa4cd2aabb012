package io.middlewaretrace.web;

/**
 * Implemented by the starter's stage-recording wrappers around filters, security filters and
 * interceptors, so that anything describing the middleware (the middleware endpoint) shows the
 * application's own component, not the wrapper.
 *
 * @since 0.1.0
 */
public interface StageRecording {

	/**
	 * Returns the wrapped filter or interceptor.
	 * @return the wrapped component
	 */
	Object delegate();

	/**
	 * Returns the wrapped component if {@code component} is a stage-recording wrapper, otherwise
	 * {@code component} itself.
	 * @param component a filter or interceptor
	 * @return the application's own component
	 */
	static Object unwrap(Object component) {
		Object current = component;
		while (current instanceof StageRecording recording) {
			current = recording.delegate();
		}
		return current;
	}

}
