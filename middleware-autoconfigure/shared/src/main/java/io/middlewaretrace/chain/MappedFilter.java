package io.middlewaretrace.chain;

import java.util.List;
import java.util.Set;

import jakarta.servlet.DispatcherType;

/**
 * A filter as the servlet container maps it: name, instance, URL patterns, servlet names and
 * dispatcher types.
 *
 * @param name the filter name
 * @param filter the filter instance, or {@code null} when the container instantiates it itself
 * @param filterClass the filter class name the container knows
 * @param urlPatterns the URL patterns ({@code *} for all)
 * @param servletNames the servlet names ({@code *} for all)
 * @param dispatcherTypes the dispatcher types
 * @param asyncSupported whether the filter supports async requests
 */
record MappedFilter(String name, Object filter, String filterClass, List<String> urlPatterns,
		List<String> servletNames, Set<DispatcherType> dispatcherTypes, boolean asyncSupported) {

	boolean matchesUrl(DispatcherType dispatcherType, String path) {
		if (!this.dispatcherTypes.contains(dispatcherType)) {
			return false;
		}
		for (String pattern : this.urlPatterns) {
			if (UrlPatterns.matches(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	boolean matchesServlet(DispatcherType dispatcherType, String servletName) {
		if (!this.dispatcherTypes.contains(dispatcherType) || servletName == null) {
			return false;
		}
		for (String name : this.servletNames) {
			if (name.equals("*") || name.equals(servletName)) {
				return true;
			}
		}
		return false;
	}

}
