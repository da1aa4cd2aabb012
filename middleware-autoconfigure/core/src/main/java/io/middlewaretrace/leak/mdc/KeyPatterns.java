package io.middlewaretrace.leak.mdc;

import java.util.List;
import java.util.Locale;

import org.springframework.util.PatternMatchUtils;

/**
 * Case-insensitive key patterns where {@code *} matches any characters, as the redacted MDC
 * keys are configured.
 */
final class KeyPatterns {

	private final String[] patterns;

	KeyPatterns(List<String> patterns) {
		this.patterns = new String[patterns.size()];
		for (int i = 0; i < patterns.size(); i++) {
			this.patterns[i] = patterns.get(i).toLowerCase(Locale.ROOT);
		}
	}

	boolean matches(String key) {
		return PatternMatchUtils.simpleMatch(this.patterns, key.toLowerCase(Locale.ROOT));
	}

}
