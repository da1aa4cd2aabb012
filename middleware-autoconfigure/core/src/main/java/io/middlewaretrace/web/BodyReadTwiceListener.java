package io.middlewaretrace.web;

/**
 * Told when a request body is read a second time and cannot be replayed: an earlier reader (a
 * filter) consumed it, it was longer than the replay limit or was read only partly, and the
 * handler's reader then met the exhausted stream.
 *
 * @since 0.1.0
 * @see CapturingRequest#prepareForHandler()
 */
@FunctionalInterface
public interface BodyReadTwiceListener {

	/**
	 * Called at most once per request, on the thread whose read returned end of stream without
	 * having delivered a byte. Exceptions thrown here are ignored.
	 * @param bytesReadBefore number of body bytes the earlier readers consumed before the handler
	 * phase started
	 */
	void bodyReadTwice(long bytesReadBefore);

}
