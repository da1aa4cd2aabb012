package io.middlewaretrace.context;

/**
 * Something borrowed or started on a request's behalf that should end with the request: a
 * connection from a pool, a task on an executor. A lease is attached to its request's
 * {@link DefaultRequestContext} while it is open and detached when it is released; one still attached
 * when the request completes has outlived its request and is told so once, through
 * {@link #requestEnded(DefaultRequestContext)}.
 * <p>
 * Leases link into their request directly (no collection per request), so attaching and
 * detaching do not allocate.
 *
 * @since 0.1.0
 */
public abstract class Lease {

	// links of the request's list, guarded by the owning DefaultRequestContext's lock

	Lease previous;

	Lease next;

	DefaultRequestContext owner;

	/**
	 * Called once, on the thread that completed the request, when the request this lease was
	 * attached to completed while the lease was still attached. Must not block or throw.
	 * @param context the completed request
	 */
	protected abstract void requestEnded(DefaultRequestContext context);

}
