/**
 * Carries a request's deadline into the connection pool and every JDBC statement, as listeners
 * of the starter's data source wrapper.
 */
package io.middlewaretrace.deadline.jdbc;
