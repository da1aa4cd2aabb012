package io.middlewaretrace.chain;

import java.util.List;

/**
 * One Spring Security {@code SecurityFilterChain}, in the order {@code FilterChainProxy} tries
 * them.
 *
 * @param requestMatcher the chain's request matcher ({@code toString()} of a
 * {@code DefaultSecurityFilterChain}'s matcher), or the chain's class name for other chains
 * @param filters the class names of the chain's filters, in the order they run
 * @since 0.1.0
 */
public record SecurityFilterChainDescriptor(String requestMatcher, List<String> filters) {
}
