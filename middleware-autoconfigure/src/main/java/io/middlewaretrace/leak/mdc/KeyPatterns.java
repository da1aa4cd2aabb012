package io.middlewaretrace.leak.mdc;

import java.util.List;
import java.util.Locale;

/**
 * Case-insensitive key patterns where {@code *} matches any characters, as the redacted MDC
 * keys are configured.
 */
final class KeyPatterns {

	private final String[][] patterns;

	KeyPatterns(List<String> patterns) {
		this.patterns = new String[patterns.size()][];
		for (int i = 0; i < patterns.size(); i++) {
			this.patterns[i] = patterns.get(i).toLowerCase(Locale.ROOT).split("\\*", -1);
		}
	}

	boolean matches(String key) {
		String candidate = key.toLowerCase(Locale.ROOT);
		for (String[] pattern : this.patterns) {
			if (matches(candidate, pattern)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(String key, String[] parts) {
		if (parts.length == 1) {
			return key.equals(parts[0]);
		}
		if (!key.startsWith(parts[0])) {
			return false;
		}
		int from = parts[0].length();
		for (int i = 1; i < parts.length - 1; i++) {
			int found = key.indexOf(parts[i], from);
			if (found < 0) {
				return false;
			}
			from = found + parts[i].length();
		}
		String last = parts[parts.length - 1];
		return key.length() - last.length() >= from && key.endsWith(last);
	}

}
