package io.middlewaretrace.context;

/**
 * Owns a request's deadline once it started ({@link DefaultRequestContext#startDeadline}): keeps
 * what happens when it passes (the actions registered with
 * {@link RequestContext#onDeadline(Runnable)}, which phase is blamed, whether a write was
 * refused) and is told when application code shortens it, when the request's thread enters and
 * leaves the container's I/O, and when the response is produced.
 * <p>
 * The core keeps only the deadline's value and the phases; the starter's deadline feature is
 * the one owner, and watches the deadline, never interrupts a thread inside the container's I/O,
 * and leaves a produced response alone. Used internally by the starter; not intended for
 * application code.
 *
 * @since 0.1.0
 */
public interface DeadlineOwner {

	/**
	 * The request's deadline was shortened.
	 * @param context the request
	 * @param deadline its new deadline
	 */
	void deadlineShortened(DefaultRequestContext context, Deadline deadline);

	/**
	 * Registers an action to run if the request's deadline passes while it is registered; runs
	 * it at once if the request already timed out (see {@link RequestContext#onDeadline}).
	 * @param action what to do when the deadline passes
	 * @return closed by the caller when the guarded work ended
	 */
	DeadlineHook onDeadline(Runnable action);

	/**
	 * Called before each write to the response (by the starter's response wrapper): whether the
	 * write must be refused because the request ran out of its deadline while its response was
	 * being produced. A refusal is recorded.
	 * @return the phase blamed for the timeout if the write is refused, otherwise {@code null}
	 */
	String refuseWrite();

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
	 * {@link DefaultRequestContext#responseProduced()}), on the thread that produced it; only the
	 * first call counts.
	 * @param context the request
	 */
	default void responseProduced(DefaultRequestContext context) {
	}

}
