package io.middlewaretrace.context;

import io.middlewaretrace.deadline.Deadline;

/**
 * Given with a request's first deadline ({@link RequestContext#startDeadline}) and told when
 * application code shortens it. The starter's deadline guard is one: it tells the watchdog,
 * which sleeps until the earliest deadline it knows of, and the context keeps it as the owner
 * of the request's deadline.
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
