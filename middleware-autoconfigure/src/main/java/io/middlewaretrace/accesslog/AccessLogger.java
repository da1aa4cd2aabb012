package io.middlewaretrace.accesslog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.RequestCompletionListener;
import io.middlewaretrace.web.RequestMetrics;

/**
 * Writes one access-log event per completed request that the {@link AccessLogPolicy} keeps, on
 * the {@value #LOGGER_NAME} logger, with the request's fields as structured JSON fields.
 *
 * @since 0.1.0
 */
public class AccessLogger implements RequestCompletionListener {

	/**
	 * Name of the logger access-log events are written to.
	 */
	public static final String LOGGER_NAME = "middleware.access";

	private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

	private final AccessLogPolicy policy;

	private final RequestMetrics metrics;

	public AccessLogger(AccessLogPolicy policy, RequestMetrics metrics) {
		this.policy = policy;
		this.metrics = metrics;
	}

	@Override
	public void requestCompleted(DefaultRequestContext context) {
		if (!log.isInfoEnabled() || !this.policy.shouldLog(context)) {
			return;
		}
		if (context.traceId() == null) {
			this.metrics.accessLogWithoutTraceId();
		}
		String route = context.route();
		log.info(new AccessLogMarker(context, route), "{} {} {}", context.method(), route, context.status());
	}

}
