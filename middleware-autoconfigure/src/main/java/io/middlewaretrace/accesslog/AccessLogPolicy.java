package io.middlewaretrace.accesslog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.middlewaretrace.context.RequestContext;

/**
 * Decides whether a completed request gets an access-log line: 5xx and slow requests always do;
 * otherwise exclusions apply (static resources only while they succeed: a 404 for a missing
 * script is worth seeing), then the sampling rate of the request's route. With a rate between
 * 0 and 1, the trace's sampled flag decides where the request has a trace, so that the requests
 * whose logs are kept are the ones whose traces are kept; without a trace, a random draw at the
 * rate decides.
 *
 * @since 0.1.0
 */
public class AccessLogPolicy {

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
	 * Returns whether the completed request is to be logged.
	 * @param context the completed request
	 * @return whether to write an access-log line
	 */
	public boolean shouldLog(RequestContext context) {
		if (context.status() >= 500 || context.durationNanos() >= this.slowThresholdNanos) {
			return true;
		}
		if (context.isExcludedFromAccessLog()
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
		Boolean sampled = context.sampled();
		if (sampled != null) {
			return sampled;
		}
		return ThreadLocalRandom.current().nextDouble() < rate;
	}

	private double rateOf(String route) {
		if (this.routeRates.isEmpty()) {
			return this.defaultRate;
		}
		Double rate = this.routeRates.get(route);
		return (rate != null) ? rate : this.defaultRate;
	}

}
