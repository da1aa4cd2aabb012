package io.middlewaretrace.chain;

import java.util.List;

/**
 * The filters and servlet mappings a servlet container applies, with the filters in execution
 * order: those mapped by URL pattern first, then those mapped by servlet name only, which is how
 * the servlet specification builds a chain.
 *
 * @param source {@link MiddlewareChainDescriber#SOURCE_TOMCAT} or
 * {@link MiddlewareChainDescriber#SOURCE_REGISTRATION}
 * @param filters the filters in execution order
 * @param servlets the servlet mappings
 */
record ContainerFilters(String source, List<MappedFilter> filters, ServletMappings servlets) {
}
