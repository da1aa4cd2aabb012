/**
 * Carries a request's deadline into the connection pool and every JDBC statement.
 */
package io.middlewaretrace.deadline.jdbc;
