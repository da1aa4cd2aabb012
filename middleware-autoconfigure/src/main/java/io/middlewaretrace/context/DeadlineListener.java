package io.middlewaretrace.context;


/**
 * Given with a request's first deadline ({@link DefaultRequestContext#startDeadline}) and told when
 * application code shortens it, when the request's thread enters and leaves the container's
 * I/O, and when the response is produced. The starter's deadline guard is one: it tells the
 * watchdog, which sleeps until the earliest deadline it knows of, never interrupts a thread
 * inside the container's I/O, and leaves a produced response alone; the context keeps it as the
 * owner of the request's deadline.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeadlineListener {

	/**
	 * The request's deadline was shortened.
	 * @param context the request
	 * @param deadline its new deadline
	 */
	void deadlineShortened(DefaultRequestContext context, Deadline deadline);

	/**
	 * The current thread is about to read from or write to the container (the request body, the
	 * response body, a flush). Called by the starter's request and response wrappers, paired
	 * with {@link #containerIoEnded()}.
	 */
	default void containerIoStarting() {
	}

	/**
	 * The current thread is back from the container's I/O.
	 */
	default void containerIoEnded() {
	}

	/**
	 * The application produced the whole response (see
	 * {@link DefaultRequestContext#responseProduced()}); called once, on the thread that produced it.
	 * @param context the request
	 */
	default void responseProduced(DefaultRequestContext context) {
	}

}
