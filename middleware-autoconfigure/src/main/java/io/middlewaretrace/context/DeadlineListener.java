package io.middlewaretrace.context;

import io.middlewaretrace.deadline.Deadline;

/**
 * Told when application code shortens a request's deadline, so that the watchdog can fire at
 * the new, earlier moment.
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
	void deadlineShortened(RequestContext context, Deadline deadline);

}
