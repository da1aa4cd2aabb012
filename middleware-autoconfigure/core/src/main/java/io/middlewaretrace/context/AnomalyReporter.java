package io.middlewaretrace.context;

/**
 * Where the starter's instrumentation and features report a middleware anomaly they detected:
 * the one way to report, so that whoever detects one needs to know nothing of who records it
 * (the anomaly registry, with its counts, ring, WARN lines and meters).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AnomalyReporter {

	/**
	 * Records an anomaly caused by a request. A request records each type at most once.
	 * @param type the anomaly type
	 * @param context the request's context, or {@code null} outside a request
	 * @param source the middleware at fault
	 * @param detail a short explanation
	 * @param callerFrame the offending application frame, or {@code null}
	 */
	void report(AnomalyType type, DefaultRequestContext context, String source, String detail, String callerFrame);

}
