package io.middlewaretrace.chain;

/**
 * Servlet URL-pattern matching as Tomcat applies it to filter and servlet mappings: exact,
 * path prefix ({@code /prefix/*}, also matching {@code /prefix}), extension ({@code *.ext} on
 * the last segment), {@code /*} and {@code *} for everything, {@code ""} for the context root.
 * {@code /} matches {@code /} only in a filter mapping; as a servlet mapping it is the default
 * servlet, which {@link ServletMappings} handles.
 */
final class UrlPatterns {

	private UrlPatterns() {
	}

	static boolean matches(String pattern, String path) {
		if (pattern == null || path == null) {
			return false;
		}
		if (pattern.equals(path) || pattern.equals("/*") || pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith("/*")) {
			int prefix = pattern.length() - 2;
			return path.regionMatches(0, pattern, 0, prefix)
					&& (path.length() == prefix || path.charAt(prefix) == '/');
		}
		if (pattern.startsWith("*.")) {
			return extensionMatches(pattern, path);
		}
		return pattern.isEmpty() && path.equals("/");
	}

	static boolean isPrefix(String pattern) {
		return pattern.endsWith("/*");
	}

	static boolean isExtension(String pattern) {
		return pattern.startsWith("*.");
	}

	private static boolean extensionMatches(String pattern, String path) {
		int slash = path.lastIndexOf('/');
		int dot = path.lastIndexOf('.');
		if (slash < 0 || dot <= slash || dot == path.length() - 1) {
			return false;
		}
		int extension = pattern.length() - 2;
		return path.length() - dot - 1 == extension && pattern.regionMatches(2, path, dot + 1, extension);
	}

}
