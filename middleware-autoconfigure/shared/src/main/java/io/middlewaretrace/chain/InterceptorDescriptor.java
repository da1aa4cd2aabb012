package io.middlewaretrace.chain;

import java.util.List;

/**
 * One handler interceptor of a handler mapping.
 *
 * @param className the application's interceptor class (the inner interceptor of a
 * {@code MappedInterceptor}, stage-recording wrappers unwrapped)
 * @param allPaths whether the interceptor applies to every path (no include patterns)
 * @param includePatterns the path patterns the interceptor is limited to, empty for all paths
 * @param excludePatterns the path patterns the interceptor is skipped for
 * @since 0.1.0
 */
public record InterceptorDescriptor(String className, boolean allPaths, List<String> includePatterns,
		List<String> excludePatterns) {
}
