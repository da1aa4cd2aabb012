package io.middlewaretrace.context;

/**
 * What a request whose deadline passed before it ended got: what the client actually received,
 * as the access log, the deadline record and the stage trace report it.
 *
 * @since 0.1.0
 */
public enum DeadlineOutcome {

	/**
	 * The deadline passed before the response was committed: the client got a timeout answer in
	 * place of whatever the application was producing, the starter's {@code 504}, or
	 * {@code 408 Request Timeout} for a request whose body had not arrived.
	 */
	EXCEEDED,

	/**
	 * The deadline passed while a committed response was still being produced, and the starter
	 * stopped it (refused a write, interrupted the thread, or the work failed): the client got
	 * the response's start and then a closed connection, never a complete-looking response.
	 */
	CUT,

	/**
	 * The response was complete (or, committed, was completed by the application without the
	 * starter stopping it) and the deadline passed afterwards, before the request ended: it was
	 * delivered whole.
	 */
	LATE;

	/**
	 * Returns the outcome's name as the records write it: {@code exceeded}, {@code cut},
	 * {@code late}.
	 * @return the lowercase name
	 */
	public String value() {
		return (this == EXCEEDED) ? "exceeded" : (this == CUT) ? "cut" : "late";
	}

}
