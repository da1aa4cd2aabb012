package io.middlewaretrace.chain;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.MappingMatch;

/**
 * The servlet URL mappings of the application, and which servlet a path goes to, by the servlet
 * specification's rules: exact match, then the longest path prefix, then an extension, then the
 * default servlet ({@code /}).
 */
final class ServletMappings {

	private final Map<String, String> servletNamesByPattern = new LinkedHashMap<>();

	void add(String pattern, String servletName) {
		this.servletNamesByPattern.putIfAbsent(pattern, servletName);
	}

	/**
	 * Returns the servlet a request path is mapped to, with the servlet path and path info the
	 * container would give the request, or {@code null} when no servlet matches.
	 */
	ServletMatch match(String path) {
		String prefixPattern = null;
		String extensionPattern = null;
		String defaultPattern = null;
		for (String pattern : this.servletNamesByPattern.keySet()) {
			if (pattern.isEmpty()) {
				if (path.equals("/")) {
					return new ServletMatch(name(pattern), MappingMatch.CONTEXT_ROOT, pattern, "", "/", "");
				}
			}
			else if (pattern.equals("/")) {
				defaultPattern = pattern;
			}
			else if (UrlPatterns.isPrefix(pattern)) {
				if (UrlPatterns.matches(pattern, path)
						&& (prefixPattern == null || pattern.length() > prefixPattern.length())) {
					prefixPattern = pattern;
				}
			}
			else if (UrlPatterns.isExtension(pattern)) {
				if (extensionPattern == null && UrlPatterns.matches(pattern, path)) {
					extensionPattern = pattern;
				}
			}
			else if (pattern.equals(path)) {
				return new ServletMatch(name(pattern), MappingMatch.EXACT, pattern, path, null, path.substring(1));
			}
		}
		if (prefixPattern != null) {
			String servletPath = prefixPattern.substring(0, prefixPattern.length() - 2);
			String pathInfo = (path.length() > servletPath.length()) ? path.substring(servletPath.length()) : null;
			String matchValue = (pathInfo != null) ? pathInfo.substring(1) : "";
			return new ServletMatch(name(prefixPattern), MappingMatch.PATH, prefixPattern, servletPath, pathInfo,
					matchValue);
		}
		if (extensionPattern != null) {
			String matchValue = path.substring(1, path.length() - extensionPattern.length() + 1);
			return new ServletMatch(name(extensionPattern), MappingMatch.EXTENSION, extensionPattern, path, null,
					matchValue);
		}
		if (defaultPattern != null) {
			return new ServletMatch(name(defaultPattern), MappingMatch.DEFAULT, defaultPattern, path, null, "");
		}
		return null;
	}

	private String name(String pattern) {
		return this.servletNamesByPattern.get(pattern);
	}

	/**
	 * The servlet a path is mapped to.
	 */
	record ServletMatch(String servletName, MappingMatch mappingMatch, String pattern, String servletPath,
			String pathInfo, String matchValue) {
	}

}
