package io.middlewaretrace.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.servlet.DispatcherType;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * The servlet filters of the application in execution order, each with what Spring says about
 * its order, and which of them a request path goes through.
 */
final class ServletFilterChain {

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.catalina.Context",
			ServletFilterChain.class.getClassLoader())
			&& ClassUtils.isPresent(EmbeddedTomcat.WEB_SERVER_CLASS, ServletFilterChain.class.getClassLoader());

	private static final String NOT_REGISTERED = "Not registered with the servlet container: it does not run";

	private final String source;

	private final List<Entry> chain;

	private final List<FilterDescriptor> filters;

	private final List<OrderCollision> collisions;

	private final ServletMappings servlets;

	private ServletFilterChain(String source, List<Entry> chain, List<FilterDescriptor> filters,
			List<OrderCollision> collisions, ServletMappings servlets) {
		this.source = source;
		this.chain = chain;
		this.filters = filters;
		this.collisions = collisions;
		this.servlets = servlets;
	}

	static ServletFilterChain of(ApplicationContext context) {
		SpringFilterRegistrations spring = SpringFilterRegistrations.of(context);
		ContainerFilters container = containerFilters(context);
		if (container == null) {
			container = spring.asContainerFilters();
		}
		List<MappedFilter> mapped = container.filters();
		List<SpringFilter> registrations = new ArrayList<>(mapped.size());
		Set<SpringFilter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (MappedFilter filter : mapped) {
			SpringFilter registration = spring.find(filter.name(), filter.filter());
			registrations.add(registration);
			if (registration != null) {
				seen.add(registration);
			}
		}
		Map<Integer, List<String>> namesByOrder = namesByOrder(mapped, registrations);
		List<Entry> chain = new ArrayList<>(mapped.size());
		List<FilterDescriptor> filters = new ArrayList<>(mapped.size());
		for (int i = 0; i < mapped.size(); i++) {
			FilterDescriptor descriptor = describe(mapped.get(i), registrations.get(i), true, namesByOrder, null);
			chain.add(new Entry(mapped.get(i), descriptor));
			filters.add(descriptor);
		}
		for (SpringFilter registration : spring.all()) {
			if (!seen.contains(registration)) {
				String note = registration.enabled() ? NOT_REGISTERED : registration.note();
				filters.add(describe(SpringFilterRegistrations.mapped(registration), registration,
						registration.enabled(), Map.of(), note));
			}
		}
		return new ServletFilterChain(container.source(), chain, filters, collisions(namesByOrder),
				container.servlets());
	}

	private static ContainerFilters containerFilters(ApplicationContext context) {
		if (!TOMCAT_PRESENT || !(context instanceof WebApplicationContext web)) {
			return null;
		}
		return TomcatFilters.read(web);
	}

	private static Map<Integer, List<String>> namesByOrder(List<MappedFilter> mapped,
			List<SpringFilter> registrations) {
		Map<Integer, List<String>> namesByOrder = new TreeMap<>();
		for (int i = 0; i < mapped.size(); i++) {
			SpringFilter registration = registrations.get(i);
			if (registration != null) {
				namesByOrder.computeIfAbsent(registration.order(), (order) -> new ArrayList<>())
					.add(mapped.get(i).name());
			}
		}
		return namesByOrder;
	}

	private static List<OrderCollision> collisions(Map<Integer, List<String>> namesByOrder) {
		List<OrderCollision> collisions = new ArrayList<>();
		namesByOrder.forEach((order, names) -> {
			if (names.size() > 1) {
				collisions.add(new OrderCollision(order, List.copyOf(names)));
			}
		});
		return collisions;
	}

	private static FilterDescriptor describe(MappedFilter filter, SpringFilter registration, boolean enabled,
			Map<Integer, List<String>> namesByOrder, String note) {
		if (registration == null) {
			String className = (filter.filter() != null) ? Components.className(filter.filter())
					: filter.filterClass();
			return new FilterDescriptor(filter.name(), className, null, FilterDescriptor.ORDER_SOURCE_CONTAINER,
					dispatcherTypes(filter.dispatcherTypes()), filter.urlPatterns(), filter.servletNames(),
					filter.asyncSupported(), enabled, false, List.of(), null);
		}
		List<String> collidesWith = new ArrayList<>(namesByOrder.getOrDefault(registration.order(), List.of()));
		collidesWith.remove(filter.name());
		return new FilterDescriptor(filter.name(), registration.className(), registration.order(),
				registration.orderSource(), dispatcherTypes(filter.dispatcherTypes()), filter.urlPatterns(),
				filter.servletNames(), filter.asyncSupported(), enabled, !collidesWith.isEmpty(), collidesWith,
				(note != null) ? note : registration.note());
	}

	private static List<String> dispatcherTypes(Set<DispatcherType> types) {
		List<String> names = new ArrayList<>(types.size());
		for (DispatcherType type : DispatcherType.values()) {
			if (types.contains(type)) {
				names.add(type.name());
			}
		}
		return names;
	}

	String source() {
		return this.source;
	}

	List<FilterDescriptor> filters() {
		return this.filters;
	}

	List<OrderCollision> collisions() {
		return this.collisions;
	}

	ServletMappings servlets() {
		return this.servlets;
	}

	/**
	 * Returns the filters a REQUEST dispatch to a path runs, in order: those whose URL pattern
	 * matches, then those mapped to the servlet the path goes to.
	 */
	List<FilterDescriptor> matching(String path, String servletName) {
		Map<String, FilterDescriptor> matching = new LinkedHashMap<>();
		for (Entry entry : this.chain) {
			if (entry.filter().matchesUrl(DispatcherType.REQUEST, path)) {
				matching.putIfAbsent(entry.filter().name(), entry.descriptor());
			}
		}
		for (Entry entry : this.chain) {
			if (entry.filter().matchesServlet(DispatcherType.REQUEST, servletName)) {
				matching.putIfAbsent(entry.filter().name(), entry.descriptor());
			}
		}
		return new ArrayList<>(matching.values());
	}

	private record Entry(MappedFilter filter, FilterDescriptor descriptor) {
	}

}
