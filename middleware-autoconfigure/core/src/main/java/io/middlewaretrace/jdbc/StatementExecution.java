package io.middlewaretrace.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

/**
 * One statement of an observed connection, as the {@link StatementListener listeners} see it
 * while it executes: the SQL it runs, the driver's statement, a cancel hook and the rest of the
 * execution. The same object serves every execution of the statement; like the statement, it
 * is used by one thread at a time, except for {@link #canceller()} and
 * {@link #cancelAgain(long)}.
 *
 * @since 0.1.0
 */
public interface StatementExecution {

	/**
	 * Returns the driver's statement, for what listeners change around an execution (its query
	 * timeout). Calls on it are not seen as the application's.
	 * @return the driver's statement
	 */
	Statement statement();

	/**
	 * Returns the name of the {@code execute*} method running.
	 * @return the method name
	 */
	String methodName();

	/**
	 * Returns the SQL this execution runs, fit to be recorded: never a parameter value. Prepared
	 * SQL carries {@code ?} in place of values and is only shortened; the SQL of a plain
	 * statement may embed values, so its string literals become {@code '?'} and its numbers
	 * {@code ?}. For a batch of plain SQL, its first statement.
	 * @param maxLength characters kept, positive; longer SQL is cut and ends with {@code ...}
	 * @return the SQL, or {@code null} when it is not known
	 */
	String sql(int maxLength);

	/**
	 * Returns the query timeout the application set on the statement, or the driver's default.
	 * @return the timeout in seconds, 0 for none
	 * @throws SQLException if the driver could not say
	 */
	int queryTimeout() throws SQLException;

	/**
	 * Returns the statement's cancel hook, one object per statement (registering it allocates
	 * nothing). Run from any thread, it cancels the running execution in the driver; an
	 * execution it cancelled before the statement reached the driver is not started:
	 * {@link #proceed()} refuses it. It then tells every listener
	 * {@link StatementListener#cancelled(StatementExecution, long)}.
	 * @return the cancel hook
	 */
	Runnable canceller();

	/**
	 * Cancels the statement again if {@code execution} still runs.
	 * @param execution the number {@link StatementListener#cancelled(StatementExecution, long)} was
	 * given
	 * @return whether it still ran and was cancelled again
	 */
	boolean cancelAgain(long execution);

	/**
	 * Returns whether the {@link #canceller()} ran since this execution began.
	 * @return whether the execution was cancelled
	 */
	boolean isCancelled();

	/**
	 * Returns whether {@link #proceed()} refused this execution because the
	 * {@link #canceller()} ran before the statement reached the driver.
	 * @return whether the execution was refused
	 */
	boolean isRefused();

	/**
	 * Runs the rest of the execution: the next listener, then the driver.
	 * @return what the driver returned
	 * @throws SQLTimeoutException if the execution was cancelled before it reached the driver
	 * (then {@link #isRefused()})
	 * @throws SQLException if the statement failed
	 */
	Object proceed() throws SQLException;

}
