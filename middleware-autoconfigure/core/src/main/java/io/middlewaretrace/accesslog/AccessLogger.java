package io.middlewaretrace.accesslog;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.PathExclusions;
import io.middlewaretrace.web.RequestMetrics;
import io.middlewaretrace.web.RequestParticipant;

/**
 * Writes one access-log event per completed request that the {@link AccessLogPolicy} keeps, on
 * the {@value #LOGGER_NAME} logger, with the request's fields as structured JSON fields.
 *
 * @since 0.1.0
 */
public class AccessLogger implements RequestParticipant {

	/**
	 * Name of the logger access-log events are written to.
	 */
	public static final String LOGGER_NAME = "middleware.access";

	private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

	private final AccessLogPolicy policy;

	private final RequestMetrics metrics;

	private final PathExclusions exclusions;

	/**
	 * Creates an access logger.
	 * @param policy which completed requests are logged
	 * @param metrics counts lines written without a trace id
	 * @param exclusions requests never logged unless they fail or are slow
	 */
	public AccessLogger(AccessLogPolicy policy, RequestMetrics metrics, PathExclusions exclusions) {
		this.policy = policy;
		this.metrics = metrics;
		this.exclusions = exclusions;
	}

	@Override
	public void requestStarted(DefaultRequestContext context, HttpServletRequest request) {
		// the path is known only now: the context keeps no raw path
		if (this.exclusions.matches(request)) {
			AccessLogPolicy.exclude(context);
		}
	}

	@Override
	public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
			HttpServletResponse response) {
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
