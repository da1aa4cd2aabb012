/**
 * The one {@link javax.sql.DataSource} wrapper, which names no feature: features observe
 * connection borrows and statement executions through its listeners, and reach the connection
 * pool through one accessor.
 */
package io.middlewaretrace.jdbc;
