package io.middlewaretrace.context;

/**
 * The middleware mistakes the starter catches at runtime.
 *
 * @since 0.1.0
 */
public enum AnomalyType {

	/**
	 * A filter returned without calling the chain and without writing or committing a response:
	 * the client gets an empty 200.
	 */
	BROKEN_CHAIN,

	/**
	 * The status was set, an error sent or a header added after the response was committed: the
	 * container ignores it silently (or throws), so the client never sees the change.
	 */
	CHANGE_AFTER_COMMIT,

	/**
	 * A reader met an exhausted request body: an earlier reader (typically a filter) consumed it
	 * and it was too large to replay.
	 */
	BODY_READ_TWICE,

	/**
	 * An exception escaped a servlet filter: it goes on to the application's error page (or the
	 * starter's problem+json when middleware.errors.problem-details is on).
	 */
	FILTER_EXCEPTION,

	/**
	 * Two or more filters share an order value, so their relative order is accidental.
	 */
	ORDER_COLLISION,

	/**
	 * A request's deadline passed after its response was committed, so it could not be
	 * answered with a 504; the response the client got may be incomplete.
	 */
	DEADLINE_AFTER_COMMIT

}
