package io.middlewaretrace.anomaly;

import io.middlewaretrace.context.AnomalyType;
import java.time.Instant;

/**
 * One occurrence of an anomaly. Holds strings only: no request, response or thread.
 *
 * @param type the anomaly type
 * @param time when it was detected
 * @param traceId the trace id of the request that caused it, {@code null} for startup findings
 * @param route the route of that request (pattern or token, never the raw path), or {@code null}
 * @param source the middleware at fault: a filter name, or the caller frame's class and method
 * @param detail a short explanation
 * @param callerFrame the application frame that made the offending call, where useful, else
 * {@code null}
 * @since 0.1.0
 */
public record Anomaly(AnomalyType type, Instant time, String traceId, String route, String source, String detail,
		String callerFrame) {
}
