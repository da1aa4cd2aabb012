/**
 * Tracks pooled connections while they are held: request-scoped leaks, connections held too
 * long, reclaiming leaked ones and healing the pool.
 */
package io.middlewaretrace.leak.jdbc;
