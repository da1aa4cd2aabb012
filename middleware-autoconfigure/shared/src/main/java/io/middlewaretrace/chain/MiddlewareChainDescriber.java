package io.middlewaretrace.chain;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * Describes the middleware of a servlet web application in the order it runs: servlet filters
 * (from the embedded Tomcat's own filter mappings when there is one, otherwise from Spring
 * Boot's registration order), Spring Security filter chains, handler mappings and their
 * interceptors; and the chain one request would pass through.
 * <p>
 * Reads everything afresh on every call from the application context; meant for the middleware
 * endpoint and for checks at startup, not for request paths. For example, an
 * {@code ApplicationListener<WebServerInitializedEvent>} can warn about filters whose relative
 * order is accidental:
 * <pre class="code">
 * new MiddlewareChainDescriber(event.getApplicationContext()).orderCollisions()
 * </pre>
 *
 * @since 0.1.0
 */
public class MiddlewareChainDescriber {

	/**
	 * Source of the filter order on an embedded Tomcat: its filter mappings, the order it builds
	 * every filter chain in.
	 */
	public static final String SOURCE_TOMCAT = "tomcat";

	/**
	 * Source of the filter order without an embedded Tomcat (MockMvc, Jetty, Undertow): the order
	 * Spring Boot registers filters in, which these containers follow.
	 */
	public static final String SOURCE_REGISTRATION = "registration";

	private static final ClassLoader CLASS_LOADER = MiddlewareChainDescriber.class.getClassLoader();

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.web.FilterChainProxy", CLASS_LOADER);

	private static final boolean MVC_PRESENT = ClassUtils
		.isPresent("org.springframework.web.servlet.DispatcherServlet", CLASS_LOADER);

	private final ApplicationContext context;

	/**
	 * Creates a describer of an application context.
	 * @param context the application context of a servlet web application
	 */
	public MiddlewareChainDescriber(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Describes the whole middleware chain.
	 * @return the descriptor
	 */
	public MiddlewareChainDescriptor describe() {
		ServletFilterChain filters = ServletFilterChain.of(this.context);
		List<SecurityFilterChainDescriptor> securityFilterChains = (SECURITY_PRESENT)
				? SecurityFilterChains.of(this.context).describe() : List.of();
		List<HandlerMappingDescriptor> handlerMappings = (MVC_PRESENT)
				? HandlerMappingChain.of(this.context).describe() : List.of();
		return new MiddlewareChainDescriptor(filters.source(), filters.filters(), securityFilterChains,
				handlerMappings, filters.collisions());
	}

	/**
	 * Returns the groups of servlet filters, ordered by Spring, that share an order value and so
	 * run in an accidental order relative to each other. Filters the container added without
	 * Spring and disabled registrations are not part of any group.
	 * @return the collisions, by ascending order value; empty when there are none
	 */
	public List<OrderCollision> orderCollisions() {
		return ServletFilterChain.of(this.context).collisions();
	}

	/**
	 * Describes the chain a REQUEST dispatch of {@code method} and {@code path} would pass
	 * through, in the order it runs. The request is simulated: it carries no headers, body,
	 * session or user, so a filter's own decision to skip a request ({@code shouldNotFilter})
	 * and authorization rules are not evaluated. A failure of the simulation is reported in
	 * {@link RequestChainDescriptor#error()}, with the steps found until then.
	 * @param method the HTTP method
	 * @param path the path within the application, starting with {@code /}, optionally with a
	 * query string
	 * @return the descriptor
	 */
	public RequestChainDescriptor describe(String method, String path) {
		ServletFilterChain filters = ServletFilterChain.of(this.context);
		String requestPath = SimulatedRequest.pathWithoutQuery(path);
		ServletMappings.ServletMatch servlet = filters.servlets().match(requestPath);
		String servletName = (servlet != null) ? servlet.servletName() : null;
		HttpServletRequest request = SimulatedRequest.create(method, path, servlet, servletContext());
		RequestChain chain = new RequestChain();
		try {
			HandlerMappingChain handlerMappings = (MVC_PRESENT) ? HandlerMappingChain.of(this.context) : null;
			SecurityFilterChains security = (SECURITY_PRESENT) ? SecurityFilterChains.of(this.context) : null;
			for (FilterDescriptor filter : filters.matching(requestPath, servletName)) {
				chain.add(RequestChainDescriptor.FILTER, filter.name(), filter.className());
				if (security != null && chain.securityFilterChain == null
						&& security.isFilterChainProxy(filter.className())) {
					if (handlerMappings != null) {
						handlerMappings.prepareForSecurity(request);
					}
					chain.security(security.firstMatch(request));
				}
			}
			if (handlerMappings != null && servletName != null) {
				chain.handler(handlerMappings, servletName, request);
			}
		}
		catch (Exception ex) {
			chain.error = (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
					: ex.getClass().getSimpleName();
		}
		return new RequestChainDescriptor(method, path, filters.source(), servletName, chain.steps,
				chain.securityFilterChain, chain.handlerMapping, chain.handler, chain.error);
	}

	private ServletContext servletContext() {
		return (this.context instanceof WebApplicationContext web) ? web.getServletContext() : null;
	}

	/**
	 * The steps of a simulated request, collected as they are found.
	 */
	private static final class RequestChain {

		private final List<RequestChainDescriptor.Step> steps = new ArrayList<>();

		private String securityFilterChain;

		private String handlerMapping;

		private String handler;

		private String error;

		void add(String type, String name, String className) {
			this.steps.add(new RequestChainDescriptor.Step(type, name, className));
		}

		void security(SecurityFilterChainDescriptor matched) {
			if (matched == null) {
				return;
			}
			this.securityFilterChain = matched.requestMatcher();
			for (String className : matched.filters()) {
				add(RequestChainDescriptor.SECURITY_FILTER, Components.shortName(className), className);
			}
		}

		void handler(HandlerMappingChain mappings, String servletName, HttpServletRequest request)
				throws Exception {
			if (!mappings.isDispatcherServlet(servletName)) {
				return;
			}
			HandlerMappingChain.Lookup lookup = mappings.lookup(request);
			if (lookup == null) {
				return;
			}
			this.handlerMapping = lookup.mapping();
			this.handler = lookup.handler();
			for (String className : lookup.interceptors()) {
				add(RequestChainDescriptor.INTERCEPTOR, Components.shortName(className), className);
			}
			add(RequestChainDescriptor.HANDLER, lookup.handler(), lookup.handlerClassName());
		}

	}

}
