package io.middlewaretrace.accesslog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.middlewaretrace.context.AttachmentKey;
import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Decides whether a completed request gets an access-log line: 5xx and slow requests always do;
 * otherwise exclusions apply (static resources only while they succeed: a 404 for a missing
 * script is worth seeing), then the sampling rate of the request's route.
 * <p>
 * With a rate between 0 and 1 and a trace, a request whose trace is not sampled is never logged,
 * and a sampled one is logged when its trace id falls within the rate, by the same test
 * OpenTelemetry's trace-id-ratio sampler applies (the low 64 bits of the id against the rate).
 * So every logged request has an exported trace; when the route's rate is at least the tracer's
 * sampling probability, logs and traces keep exactly the same requests; and every service
 * decides the same for one trace. Without a trace, a random draw at the rate decides.
 *
 * @since 0.1.0
 */
public class AccessLogPolicy {

	private static final AttachmentKey<Boolean> EXCLUDED = AttachmentKey.of("access-log.excluded", Boolean.class);

	private final double defaultRate;

	private final Map<String, Double> routeRates;

	private final long slowThresholdNanos;

	private final boolean excludeStaticResources;

	/**
	 * Creates a policy.
	 * @param defaultRate rate for routes without one of their own
	 * @param routeRates rates by route pattern
	 * @param slowThreshold duration from which a request is always logged
	 * @param excludeStaticResources whether static resources are left out
	 */
	public AccessLogPolicy(double defaultRate, Map<String, Double> routeRates, Duration slowThreshold,
			boolean excludeStaticResources) {
		checkRate("default", defaultRate);
		if (slowThreshold.isNegative()) {
			throw new IllegalArgumentException("Access-log slow threshold must not be negative, but was " + slowThreshold);
		}
		routeRates.forEach((route, rate) -> checkRate(route, rate));
		this.defaultRate = defaultRate;
		this.routeRates = new HashMap<>(routeRates);
		this.slowThresholdNanos = slowThreshold.toNanos();
		this.excludeStaticResources = excludeStaticResources;
	}

	private static void checkRate(String route, Double rate) {
		if (rate == null || !(rate >= 0.0 && rate <= 1.0)) {
			throw new IllegalArgumentException(
					"Access-log sampling rate for " + route + " must be between 0.0 and 1.0, but was " + rate);
		}
	}

	/**
	 * Excludes a request from the access log, unless it fails or is slow: what the configured
	 * path exclusions do when the request starts.
	 * @param context the request's context
	 */
	public static void exclude(DefaultRequestContext context) {
		context.attach(EXCLUDED, Boolean.TRUE);
	}

	/**
	 * Returns whether a request was excluded from the access log by its path.
	 * @param context the request's context
	 * @return whether the request was excluded
	 */
	public static boolean isExcluded(DefaultRequestContext context) {
		return context.attachment(EXCLUDED) != null;
	}

	/**
	 * Returns whether the completed request is to be logged.
	 * @param context the completed request
	 * @return whether to write an access-log line
	 */
	public boolean shouldLog(DefaultRequestContext context) {
		if (context.status() >= 500 || context.durationNanos() >= this.slowThresholdNanos) {
			return true;
		}
		if (isExcluded(context)
				|| (this.excludeStaticResources && context.isStaticResource() && context.status() < 400)) {
			return false;
		}
		double rate = rateOf(context.route());
		if (rate >= 1.0) {
			return true;
		}
		if (rate <= 0.0) {
			return false;
		}
		String traceId = context.traceId();
		if (traceId == null) {
			return ThreadLocalRandom.current().nextDouble() < rate;
		}
		return !Boolean.FALSE.equals(context.sampled()) && traceIdWithin(traceId, rate);
	}

	/**
	 * Whether the trace id's low 64 bits fall under {@code rate}, as OpenTelemetry's
	 * {@code TraceIdRatioBasedSampler} decides for a root span.
	 */
	static boolean traceIdWithin(String traceId, double rate) {
		long low;
		try {
			low = Long.parseUnsignedLong(traceId, traceId.length() - 16, traceId.length(), 16);
		}
		catch (IndexOutOfBoundsException | NumberFormatException ex) {
			// not a W3C trace id (a custom TraceSource): no stable bits to decide on
			return ThreadLocalRandom.current().nextDouble() < rate;
		}
		return Math.abs(low) < (long) (rate * Long.MAX_VALUE);
	}

	private double rateOf(String route) {
		if (this.routeRates.isEmpty()) {
			return this.defaultRate;
		}
		Double rate = this.routeRates.get(route);
		return (rate != null) ? rate : this.defaultRate;
	}

}
