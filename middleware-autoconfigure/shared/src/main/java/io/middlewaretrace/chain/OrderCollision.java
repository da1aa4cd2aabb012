package io.middlewaretrace.chain;

import java.util.List;

/**
 * Filters ordered by Spring that share one order value: they run in an accidental order (the
 * order their beans happened to be defined in), which a refactoring can silently change.
 *
 * @param order the shared order value
 * @param filters the names of the filters, in the order they run now
 * @since 0.1.0
 */
public record OrderCollision(int order, List<String> filters) {
}
