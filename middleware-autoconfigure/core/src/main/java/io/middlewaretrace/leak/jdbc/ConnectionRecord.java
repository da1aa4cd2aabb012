package io.middlewaretrace.leak.jdbc;

import java.time.Instant;
import java.util.List;

/**
 * One held, leaked, suspect, reclaimed or late-returned connection, as the {@code leaks}
 * endpoint shows it: ids and strings only, never the connection.
 *
 * @param pool the pool name
 * @param connectionId the borrow's id, unique within the application
 * @param traceId the trace id of the request that borrowed it, or {@code null} outside a request
 * @param route the route of that request, or {@code null} outside a request
 * @param thread the name of the borrowing thread
 * @param borrowedAt when it was borrowed
 * @param heldMs how long it had been held when this record was made
 * @param frames the borrowing frames, application frames first; empty when the borrow was not
 * sampled
 * @since 0.1.0
 */
public record ConnectionRecord(String pool, long connectionId, String traceId, String route, String thread,
		Instant borrowedAt, long heldMs, List<String> frames) {
}
