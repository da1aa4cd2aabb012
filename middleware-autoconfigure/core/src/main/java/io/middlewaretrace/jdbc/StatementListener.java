package io.middlewaretrace.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs around every {@code execute*} call of the statements (plain, prepared and callable) of
 * the connections it observes. Registered as a bean, it makes the starter wrap every
 * {@code DataSource}; listeners apply in their bean order, the first one outermost.
 * <p>
 * Statements are only wrapped on a connection at least one listener
 * {@link #observes(Connection) observes} when it is borrowed; elsewhere they are the driver's
 * own. The wrapper asks each listener once per data source for the listener that serves its
 * pool ({@link #forPool(ConnectionPool)}).
 *
 * @since 0.1.0
 */
public interface StatementListener {

	/**
	 * Returns the listener for the statements of one pool. Called once per data source, before
	 * the application uses it.
	 * @param pool the pool behind the data source
	 * @return the listener of that pool's statements: this one when it keeps no state per pool
	 */
	default StatementListener forPool(ConnectionPool pool) {
		return this;
	}

	/**
	 * Called on every borrow, before any {@link ConnectionListener#borrowed(Connection)}: whether
	 * the statements of this connection are to be wrapped. When one listener says so, every
	 * listener runs around their executions.
	 * @param poolConnection the pool's connection
	 * @return whether this listener wants to see the connection's statements
	 * @throws SQLException to fail the borrow: the wrapper closes the pool's connection
	 */
	boolean observes(Connection poolConnection) throws SQLException;

	/**
	 * Runs one execution: calls {@link StatementExecution#proceed()} exactly once unless it
	 * refuses the execution by throwing. What a listener starts before {@code proceed()} it ends
	 * after, on its own stack: nothing is allocated per execution for it.
	 * @param execution the execution, also the statement's state across its executions
	 * @return what {@code proceed()} returned
	 * @throws SQLException if the statement failed or was refused
	 */
	Object execute(StatementExecution execution) throws SQLException;

	/**
	 * Called when {@link StatementExecution#canceller()} cancelled the statement while
	 * {@code execution} ran, on the cancelling thread. A driver ignores a cancel that reaches it
	 * before the statement does, so a listener may repeat it with
	 * {@link StatementExecution#cancelAgain(long)} while that execution runs.
	 * @param statement the statement that was cancelled
	 * @param execution the number of the execution that was running
	 */
	default void cancelled(StatementExecution statement, long execution) {
	}

}
