package io.middlewaretrace.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Request paths that configuration excludes (from the access log), matched with Spring's
 * {@link PathPattern} syntax against the path within the application. Each pattern's literal
 * prefix is checked first, so most requests are decided without parsing their path.
 *
 * @since 0.1.0
 */
public final class PathExclusions {

	private static final PathExclusions NONE = new PathExclusions(List.of());

	private final List<PathPattern> patterns;

	private final String[] prefixes;

	private PathExclusions(List<PathPattern> patterns) {
		this.patterns = patterns;
		this.prefixes = new String[patterns.size()];
		for (int i = 0; i < this.prefixes.length; i++) {
			this.prefixes[i] = literalPrefix(patterns.get(i).getPatternString());
		}
	}

	/**
	 * Parses the given patterns.
	 * @param patterns path patterns, for example {@code /actuator/health/**}
	 * @return the exclusions
	 * @throws IllegalArgumentException for an invalid pattern, naming it
	 */
	public static PathExclusions of(List<String> patterns) {
		if (patterns.isEmpty()) {
			return NONE;
		}
		List<PathPattern> parsed = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			try {
				parsed.add(PathPatternParser.defaultInstance.parse(pattern));
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException("Invalid path pattern '" + pattern + "': " + ex.getMessage(), ex);
			}
		}
		return new PathExclusions(List.copyOf(parsed));
	}

	/**
	 * Returns exclusions that match nothing.
	 * @return the empty exclusions
	 */
	public static PathExclusions none() {
		return NONE;
	}

	private static String literalPrefix(String pattern) {
		int end = pattern.length();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{' || c == '*' || c == '?') {
				end = i;
				break;
			}
		}
		// "/a/**" must still match "/a": keep the prefix up to the last complete segment
		String prefix = pattern.substring(0, end);
		return (end < pattern.length() && prefix.endsWith("/")) ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	/**
	 * Returns whether the request's path is excluded.
	 * @param request the request
	 * @return whether a pattern matches the path within the application
	 */
	public boolean matches(HttpServletRequest request) {
		return indexOf(request) >= 0;
	}

	/**
	 * Returns the position of the first pattern that matches the request's path.
	 * @param request the request
	 * @return the index of the first matching pattern, in the order given, or -1
	 */
	public int indexOf(HttpServletRequest request) {
		if (this.prefixes.length == 0) {
			return -1;
		}
		String uri = request.getRequestURI();
		int offset = request.getContextPath().length();
		PathContainer path = null;
		for (int i = 0; i < this.prefixes.length; i++) {
			if (uri.startsWith(this.prefixes[i], offset)) {
				if (path == null) {
					path = PathContainer.parsePath(uri.substring(offset));
				}
				if (this.patterns.get(i).matches(path)) {
					return i;
				}
			}
		}
		return -1;
	}

}
