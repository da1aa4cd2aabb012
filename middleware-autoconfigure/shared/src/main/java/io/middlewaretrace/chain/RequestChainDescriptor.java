package io.middlewaretrace.chain;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The middleware one request would pass through, in the order it runs, as far as it can be told
 * without running it: filters mapped to its path, the security filter chain that matches it, the
 * handler and the interceptors of its handler execution chain.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param source where the filter order comes from (see {@link MiddlewareChainDescriptor#source()})
 * @param servlet the name of the servlet the path is mapped to, or {@code null}
 * @param chain the steps in the order they run
 * @param securityFilterChain the request matcher of the security filter chain that would handle
 * the request, or {@code null}
 * @param handlerMapping the handler mapping that found the handler (bean name, else class name),
 * or {@code null}
 * @param handler the handler ({@code Controller#method(ParameterTypes)} for a handler method), or
 * {@code null} when none was found
 * @param error why the simulation stopped early, or {@code null}
 * @since 0.1.0
 */
public record RequestChainDescriptor(String method, String path, String source, String servlet, List<Step> chain,
		String securityFilterChain, String handlerMapping, String handler, String error)
		implements OperationResponseBody {

	/**
	 * Step type of a servlet filter.
	 */
	public static final String FILTER = "FILTER";

	/**
	 * Step type of a filter of a Spring Security filter chain.
	 */
	public static final String SECURITY_FILTER = "SECURITY_FILTER";

	/**
	 * Step type of a handler interceptor.
	 */
	public static final String INTERCEPTOR = "INTERCEPTOR";

	/**
	 * Step type of the handler.
	 */
	public static final String HANDLER = "HANDLER";

	/**
	 * One step of the chain.
	 *
	 * @param type {@value #FILTER}, {@value #SECURITY_FILTER}, {@value #INTERCEPTOR} or
	 * {@value #HANDLER}
	 * @param name the filter name, the handler description, or the simple class name of a
	 * security filter or interceptor
	 * @param className the class of the component
	 */
	public record Step(String type, String name, String className) {
	}

}
