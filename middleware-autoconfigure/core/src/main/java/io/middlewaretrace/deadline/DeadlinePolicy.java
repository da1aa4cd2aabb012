package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.web.PathExclusions;

/**
 * Decides a request's deadline: the budget configured for its path (the first matching route
 * pattern, else the default), shortened by a budget the caller sent in a timeout header. The
 * configured budget is the server's maximum: a header can only shorten it.
 *
 * @since 0.1.0
 */
public final class DeadlinePolicy {

	static final String SOURCE_DEFAULT = "default";

	private final long defaultNanos;

	private final PathExclusions routes;

	private final long[] routeNanos;

	private final String[] routeSources;

	private final TimeoutHeader[] headers;

	private final String[] headerSources;

	private final TimeoutHeader.ProblemListener problems;

	/**
	 * Creates a policy.
	 * @param defaultTimeout budget of requests no route pattern matches, positive
	 * @param routes budgets by path pattern ({@code PathPattern} syntax), first match wins
	 * @param headers inbound headers read for the caller's budget, in order
	 * @param metrics counts rejected header values
	 * @throws IllegalArgumentException for a budget that is not positive, an invalid route pattern
	 * or a blank header name
	 */
	public DeadlinePolicy(Duration defaultTimeout, Map<String, Duration> routes, List<String> headers,
			DeadlineMetrics metrics) {
		this.defaultNanos = positive("Default budget", defaultTimeout);
		Map<String, Duration> ordered = new LinkedHashMap<>(routes);
		List<String> patterns = new ArrayList<>(ordered.keySet());
		this.routes = PathExclusions.of(patterns);
		this.routeNanos = new long[patterns.size()];
		this.routeSources = new String[patterns.size()];
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			this.routeNanos[i] = positive("Budget of route '" + pattern + "'", ordered.get(pattern));
			this.routeSources[i] = "route " + pattern;
		}
		this.headers = new TimeoutHeader[headers.size()];
		this.headerSources = new String[headers.size()];
		for (int i = 0; i < headers.size(); i++) {
			String name = headers.get(i);
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("Timeout header names must not be blank, but were " + headers);
			}
			this.headers[i] = new TimeoutHeader(name.strip());
			this.headerSources[i] = "header " + name.strip();
		}
		this.problems = (header, problem) -> metrics.invalidHeader(header, problem.tag);
	}

	private static long positive(String budget, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			// a request without a deadline is not an option: the caller turns deadlines off instead
			throw new IllegalArgumentException(budget + " must be a positive duration, but was " + value);
		}
		return Deadline.saturatedNanos(value);
	}

	/**
	 * Returns the deadline of a request that started at {@code startNanos}.
	 * @param request the request
	 * @param startNanos when it started
	 * @return the deadline
	 */
	public Deadline resolve(HttpServletRequest request, long startNanos) {
		long budget = this.defaultNanos;
		String source = SOURCE_DEFAULT;
		int route = this.routes.indexOf(request);
		if (route >= 0) {
			budget = this.routeNanos[route];
			source = this.routeSources[route];
		}
		for (int i = 0; i < this.headers.length; i++) {
			long inbound = this.headers[i].read(request, this.problems);
			if (inbound > 0 && inbound < budget) {
				budget = inbound;
				source = this.headerSources[i];
			}
		}
		return Deadline.ofNanos(startNanos, budget, source);
	}

}
