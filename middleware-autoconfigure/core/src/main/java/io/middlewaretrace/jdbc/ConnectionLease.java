package io.middlewaretrace.jdbc;

/**
 * One borrow of a pool connection, as a {@link ConnectionListener} sees it. The connection an
 * {@link ObservedDataSource} hands out releases its lease when it is closed or aborted, and
 * closes the pool's connection only when the lease says the borrower still owns it: a lease may
 * have been reclaimed (the pool connection evicted or closed on the borrower's behalf) after it
 * leaked, and then the borrower's connection refuses every further use.
 *
 * @since 0.1.0
 */
public interface ConnectionLease {

	/**
	 * Releases the lease; only the first call does anything.
	 * @return whether the caller still owns the pool connection and must close it: {@code false}
	 * when the lease was already released or was reclaimed
	 */
	boolean release();

	/**
	 * Returns whether the pool connection was taken back from the borrower.
	 * @return whether the lease was reclaimed
	 */
	boolean isReclaimed();

}
