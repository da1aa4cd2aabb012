package io.middlewaretrace.chain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import org.springframework.web.context.WebApplicationContext;

/**
 * Reads the filters of an embedded Tomcat from its {@link Context}: the filter mappings in the
 * order {@code ApplicationFilterFactory} builds every chain from (URL-pattern mappings first,
 * then servlet-name mappings), and the filter definitions for the instances. Only loaded when
 * Tomcat is on the class path.
 */
final class TomcatFilters {

	private TomcatFilters() {
	}

	/**
	 * Returns the filters of the application's embedded Tomcat, or {@code null} when it does
	 * not run on one.
	 */
	static ContainerFilters read(WebApplicationContext application) {
		Tomcat tomcat = EmbeddedTomcat.of(application);
		if (tomcat == null) {
			return null;
		}
		Context context = findContext(tomcat, application.getServletContext());
		if (context == null) {
			return null;
		}
		Map<String, Mapping> mappings = new LinkedHashMap<>();
		FilterMap[] filterMaps = context.findFilterMaps();
		for (FilterMap filterMap : filterMaps) {
			if (filterMap.getMatchAllUrlPatterns() || filterMap.getURLPatterns().length > 0) {
				Mapping mapping = mappings.computeIfAbsent(filterMap.getFilterName(), (name) -> new Mapping());
				mapping.add(filterMap.getMatchAllUrlPatterns(), filterMap.getURLPatterns(), mapping.urlPatterns);
				mapping.addDispatcherTypes(filterMap.getDispatcherMapping());
			}
		}
		for (FilterMap filterMap : filterMaps) {
			if (filterMap.getMatchAllServletNames() || filterMap.getServletNames().length > 0) {
				Mapping mapping = mappings.computeIfAbsent(filterMap.getFilterName(), (name) -> new Mapping());
				mapping.add(filterMap.getMatchAllServletNames(), filterMap.getServletNames(), mapping.servletNames);
				mapping.addDispatcherTypes(filterMap.getDispatcherMapping());
			}
		}
		List<MappedFilter> filters = new ArrayList<>(mappings.size());
		mappings.forEach((name, mapping) -> filters.add(mappedFilter(context, name, mapping)));
		ServletMappings servlets = new ServletMappings();
		for (String pattern : context.findServletMappings()) {
			servlets.add(pattern, context.findServletMapping(pattern));
		}
		return new ContainerFilters(MiddlewareChainDescriber.SOURCE_TOMCAT, filters, servlets);
	}

	private static Context findContext(Tomcat tomcat, ServletContext servletContext) {
		Context first = null;
		for (Container child : tomcat.getHost().findChildren()) {
			if (child instanceof Context context) {
				if (servletContext != null && context.getServletContext() == servletContext) {
					return context;
				}
				first = (first != null) ? first : context;
			}
		}
		return first;
	}

	private static MappedFilter mappedFilter(Context context, String name, Mapping mapping) {
		FilterDef definition = context.findFilterDef(name);
		Object filter = (definition != null) ? definition.getFilter() : null;
		String filterClass = (definition != null) ? definition.getFilterClass() : null;
		boolean asyncSupported = definition != null && definition.getAsyncSupportedBoolean();
		return new MappedFilter(name, filter, filterClass, mapping.urlPatterns, mapping.servletNames,
				mapping.dispatcherTypes, asyncSupported);
	}

	private static final class Mapping {

		private final List<String> urlPatterns = new ArrayList<>();

		private final List<String> servletNames = new ArrayList<>();

		private final Set<DispatcherType> dispatcherTypes = EnumSet.noneOf(DispatcherType.class);

		void add(boolean all, String[] values, List<String> target) {
			if (all && !target.contains("*")) {
				target.add("*");
			}
			for (String value : values) {
				if (!target.contains(value)) {
					target.add(value);
				}
			}
		}

		void addDispatcherTypes(int mapping) {
			// FilterMap reports REQUEST when no dispatcher was set
			addIf(mapping, FilterMap.REQUEST, DispatcherType.REQUEST);
			addIf(mapping, FilterMap.FORWARD, DispatcherType.FORWARD);
			addIf(mapping, FilterMap.INCLUDE, DispatcherType.INCLUDE);
			addIf(mapping, FilterMap.ERROR, DispatcherType.ERROR);
			addIf(mapping, FilterMap.ASYNC, DispatcherType.ASYNC);
		}

		private void addIf(int mapping, int bit, DispatcherType type) {
			if ((mapping & bit) != 0) {
				this.dispatcherTypes.add(type);
			}
		}

	}

}
