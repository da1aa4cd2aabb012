/**
 * Auto-configuration of the one data source wrapper the JDBC features listen to.
 */
package io.middlewaretrace.autoconfigure.jdbc;
