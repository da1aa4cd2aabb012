package io.middlewaretrace.deadline;

import io.middlewaretrace.context.Deadline;

/**
 * Thrown when work on a request's behalf cannot start or continue because the request's
 * {@link Deadline} passed. The starter answers a request that ran out of budget with a 504
 * whatever exception its code ended with; this one names the phase that found the budget spent.
 *
 * @since 0.1.0
 */
public class DeadlineExceededException extends RuntimeException {

	private final String phase;

	/**
	 * Creates an exception.
	 * @param phase the phase that could not run, for example {@code jdbc.acquire}
	 * @param deadline the deadline that passed
	 */
	public DeadlineExceededException(String phase, Deadline deadline) {
		super("Request deadline exceeded before " + phase + " (budget " + deadline.budget().toMillis() + " ms from "
				+ deadline.source() + ")");
		this.phase = phase;
	}

	/**
	 * Returns the phase that could not run.
	 * @return the phase name
	 */
	public String phase() {
		return this.phase;
	}

}
