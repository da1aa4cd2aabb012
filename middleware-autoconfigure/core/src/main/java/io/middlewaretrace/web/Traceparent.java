package io.middlewaretrace.web;

/**
 * Validates W3C {@code traceparent} header values without allocating. Extraction itself is left
 * to the tracer's propagator (with {@link TraceContextPropagator} in front of it); this tells
 * whether the value is well formed, for counting, and reads its flags.
 */
final class Traceparent {

	static final String HEADER = "traceparent";

	private static final int VERSION_00_LENGTH = 55;

	private Traceparent() {
	}

	/**
	 * Returns whether the value is a well-formed {@code traceparent}: version (not {@code ff}),
	 * 32-hex trace id and 16-hex parent id, neither all zeros, 2-hex flags; exactly 55
	 * characters for version 00, longer (followed by '-') allowed for later versions.
	 */
	static boolean isValid(String value) {
		if (value == null || value.length() < VERSION_00_LENGTH) {
			return false;
		}
		if (!isLowerHex(value, 0, 2) || value.charAt(2) != '-' || value.charAt(35) != '-'
				|| value.charAt(52) != '-') {
			return false;
		}
		if (value.charAt(0) == 'f' && value.charAt(1) == 'f') {
			return false;
		}
		boolean version00 = value.charAt(0) == '0' && value.charAt(1) == '0';
		if (version00 ? value.length() != VERSION_00_LENGTH
				: value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
			return false;
		}
		return isLowerHex(value, 3, 35) && !isAllZeros(value, 3, 35) && isLowerHex(value, 36, 52)
				&& !isAllZeros(value, 36, 52) && isLowerHex(value, 53, 55);
	}

	/**
	 * Returns the two-hex flags of a {@code traceresponse}: sampled as decided, and the level-2
	 * random flag ({@code 02}) when the request's valid {@code traceparent} had it and the trace it
	 * names was continued (the random flag speaks for a trace id the caller made).
	 * @param inbound the request's one valid {@code traceparent}, or {@code null}
	 * @param traceId the trace id of the request
	 * @param sampled whether the trace is sampled
	 */
	static String responseFlags(String inbound, String traceId, boolean sampled) {
		boolean random = inbound != null && hasRandomFlag(inbound) && inbound.regionMatches(3, traceId, 0, 32);
		if (random) {
			return sampled ? "03" : "02";
		}
		return sampled ? "01" : "00";
	}

	/**
	 * Returns whether a well-formed value has the random flag ({@code 0x02}) set.
	 */
	static boolean hasRandomFlag(String value) {
		int flags = Character.digit(value.charAt(54), 16);
		return flags >= 0 && (flags & 0x02) != 0;
	}

	private static boolean isLowerHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAllZeros(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

}
