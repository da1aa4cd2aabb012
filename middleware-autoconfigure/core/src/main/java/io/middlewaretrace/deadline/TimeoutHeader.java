package io.middlewaretrace.deadline;

import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An inbound header that carries the caller's remaining budget, and its parser. Values are
 * relative budgets: integer milliseconds ({@code X-Request-Timeout-Ms},
 * {@code x-envoy-expected-rq-timeout-ms}), or gRPC's {@code grpc-timeout} syntax (up to 8 digits
 * and a unit of {@code H M S m u n}) for a header of that name. Anything else is rejected with
 * a {@link Problem} and never fails the request.
 */
final class TimeoutHeader {

	static final String GRPC_TIMEOUT = "grpc-timeout";

	/** Longer values are rejected unread. */
	private static final int MAX_LENGTH = 20;

	/** The largest millisecond value whose nanoseconds still fit a long. */
	private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

	/**
	 * Why a header value was ignored (a metric tag).
	 */
	enum Problem {

		EMPTY, NON_NUMERIC, NEGATIVE, ZERO, FRACTIONAL, OVERFLOW, TOO_LONG, DUPLICATED;

		final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	}

	/**
	 * Told about ignored values.
	 */
	interface ProblemListener {

		void ignored(String header, Problem problem);

	}

	private final String name;

	private final boolean grpc;

	TimeoutHeader(String name) {
		this.name = name;
		this.grpc = GRPC_TIMEOUT.equalsIgnoreCase(name);
	}

	String name() {
		return this.name;
	}

	/**
	 * Reads the header from the request: the budget in nanoseconds, or -1 when it is absent or
	 * its value was rejected (then told to the listener).
	 */
	long read(HttpServletRequest request, ProblemListener problems) {
		// most requests carry no budget: getHeader answers that without allocating
		String value = request.getHeader(this.name);
		if (value == null) {
			return -1;
		}
		Enumeration<String> values = request.getHeaders(this.name);
		if (values != null && values.hasMoreElements()) {
			values.nextElement();
		}
		if ((values != null && values.hasMoreElements()) || value.indexOf(',') >= 0) {
			problems.ignored(this.name, Problem.DUPLICATED);
			return -1;
		}
		long nanos = this.grpc ? parseGrpc(value) : parseMillis(value);
		if (nanos < 0) {
			problems.ignored(this.name, Problem.values()[(int) (-nanos - 1)]);
			return -1;
		}
		return nanos;
	}

	/** A problem, encoded as a negative number so that parsing allocates nothing. */
	private static long fail(Problem problem) {
		return -1 - problem.ordinal();
	}

	static long parseMillis(String raw) {
		String value = (raw != null) ? raw.strip() : "";
		if (value.isEmpty()) {
			return fail(Problem.EMPTY);
		}
		if (value.length() > MAX_LENGTH) {
			return fail(Problem.TOO_LONG);
		}
		if (value.charAt(0) == '-') {
			if (value.length() > 1 && isNumber(value, 1)) {
				return fail(Problem.NEGATIVE);
			}
			return fail(Problem.NON_NUMERIC);
		}
		long millis = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '.' && i > 0 && isDigits(value, i + 1)) {
				return fail(Problem.FRACTIONAL);
			}
			if (c < '0' || c > '9') {
				return fail(Problem.NON_NUMERIC);
			}
			if (millis > (MAX_MILLIS - (c - '0')) / 10) {
				return fail(Problem.OVERFLOW);
			}
			millis = millis * 10 + (c - '0');
		}
		if (millis == 0) {
			return fail(Problem.ZERO);
		}
		return millis * 1_000_000L;
	}

	static long parseGrpc(String raw) {
		String value = (raw != null) ? raw.strip() : "";
		if (value.isEmpty()) {
			return fail(Problem.EMPTY);
		}
		// TimeoutValue = 1*8DIGIT, then one unit character
		if (value.length() > 9) {
			return fail(Problem.TOO_LONG);
		}
		if (value.charAt(0) == '-') {
			return fail(Problem.NEGATIVE);
		}
		if (value.length() < 2 || !isDigits(value.substring(0, value.length() - 1), 0)) {
			return fail(value.indexOf('.') >= 0 ? Problem.FRACTIONAL : Problem.NON_NUMERIC);
		}
		long amount = Long.parseLong(value, 0, value.length() - 1, 10);
		long unitNanos = switch (value.charAt(value.length() - 1)) {
			case 'H' -> 3_600_000_000_000L;
			case 'M' -> 60_000_000_000L;
			case 'S' -> 1_000_000_000L;
			case 'm' -> 1_000_000L;
			case 'u' -> 1_000L;
			case 'n' -> 1L;
			default -> -1L;
		};
		if (unitNanos < 0) {
			return fail(Problem.NON_NUMERIC);
		}
		if (amount == 0) {
			return fail(Problem.ZERO);
		}
		// 99999999H is about 11,400 years: fits a long of nanoseconds only up to ~292 years
		if (amount > Long.MAX_VALUE / unitNanos) {
			return fail(Problem.OVERFLOW);
		}
		return amount * unitNanos;
	}

	/** Digits with at most one decimal point between them. */
	private static boolean isNumber(String value, int from) {
		int dot = value.indexOf('.', from);
		if (dot < 0) {
			return isDigits(value, from);
		}
		return dot > from && isDigits(value.substring(from, dot), 0) && isDigits(value, dot + 1);
	}

	private static boolean isDigits(String value, int from) {
		if (from >= value.length()) {
			return false;
		}
		for (int i = from; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
