package io.middlewaretrace.chain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The Spring Security filter chains of every {@link FilterChainProxy} bean, in the order they
 * are tried. Only loaded when Spring Security is on the class path, so that the endpoint works
 * without it.
 */
final class SecurityFilterChains {

	private final List<SecurityFilterChain> chains = new ArrayList<>();

	private final Set<String> proxyClassNames = new LinkedHashSet<>();

	private SecurityFilterChains(ApplicationContext context) {
		for (FilterChainProxy proxy : context.getBeansOfType(FilterChainProxy.class, false, false).values()) {
			this.chains.addAll(proxy.getFilterChains());
			this.proxyClassNames.add(Components.className(proxy));
		}
	}

	static SecurityFilterChains of(ApplicationContext context) {
		return new SecurityFilterChains(context);
	}

	List<SecurityFilterChainDescriptor> describe() {
		List<SecurityFilterChainDescriptor> descriptors = new ArrayList<>(this.chains.size());
		for (SecurityFilterChain chain : this.chains) {
			descriptors.add(new SecurityFilterChainDescriptor(requestMatcher(chain), filterClassNames(chain)));
		}
		return descriptors;
	}

	/**
	 * Returns whether a servlet filter of this class is Spring Security's entry point, after
	 * which the security filters run.
	 */
	boolean isFilterChainProxy(String className) {
		return this.proxyClassNames.contains(className);
	}

	/**
	 * Returns the first chain that matches the request, as {@code FilterChainProxy} picks it, or
	 * {@code null}.
	 */
	SecurityFilterChainDescriptor firstMatch(HttpServletRequest request) {
		for (SecurityFilterChain chain : this.chains) {
			if (chain.matches(request)) {
				return new SecurityFilterChainDescriptor(requestMatcher(chain), filterClassNames(chain));
			}
		}
		return null;
	}

	private static String requestMatcher(SecurityFilterChain chain) {
		return (chain instanceof DefaultSecurityFilterChain defaultChain)
				? String.valueOf(defaultChain.getRequestMatcher()) : Components.className(chain);
	}

	private static List<String> filterClassNames(SecurityFilterChain chain) {
		List<Filter> filters = chain.getFilters();
		List<String> names = new ArrayList<>(filters.size());
		for (Filter filter : filters) {
			names.add(Components.className(filter));
		}
		return names;
	}

}
