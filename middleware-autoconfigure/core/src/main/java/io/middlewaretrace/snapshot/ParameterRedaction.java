package io.middlewaretrace.snapshot;

import io.middlewaretrace.context.Snapshot;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Masks the values of sensitive parameters in {@code name=value&...} text: a query string or a
 * form body. Names are compared URL-decoded.
 */
final class ParameterRedaction {

	private ParameterRedaction() {
	}

	static String redact(String pairs, Set<String> names) {
		StringBuilder out = new StringBuilder(pairs.length() + 16);
		int start = 0;
		int length = pairs.length();
		while (start <= length) {
			int end = pairs.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			int eq = pairs.indexOf('=', start);
			if (eq >= 0 && eq < end && names.contains(decode(pairs.substring(start, eq)))) {
				out.append(pairs, start, eq + 1).append(Snapshot.MASK);
			}
			else {
				out.append(pairs, start, end);
			}
			if (end < length) {
				out.append('&');
			}
			start = end + 1;
		}
		return out.toString();
	}

	private static String decode(String name) {
		if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
			return name;
		}
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

}
