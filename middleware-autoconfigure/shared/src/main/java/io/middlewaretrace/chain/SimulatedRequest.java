package io.middlewaretrace.chain;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;

/**
 * A request that exists only to ask matchers and handler mappings where a real one would go: a
 * method, a path (with an optional query string), the servlet path and path info the container
 * would derive from the servlet mapping, and an attribute map. It has no headers, no body, no
 * session and no user; what needs them fails with {@link UnsupportedOperationException}.
 */
final class SimulatedRequest implements InvocationHandler {

	private static final Set<String> UNSUPPORTED = Set.of("getInputStream", "getReader", "getParts", "getPart",
			"startAsync", "authenticate", "login", "logout", "upgrade", "changeSessionId");

	private final String method;

	private final String requestUri;

	private final String queryString;

	private final ServletMappings.ServletMatch servlet;

	private final ServletContext servletContext;

	private final Map<String, Object> attributes = new LinkedHashMap<>();

	private final Map<String, String[]> parameters;

	private SimulatedRequest(String method, String path, ServletMappings.ServletMatch servlet,
			ServletContext servletContext) {
		int query = path.indexOf('?');
		this.method = method;
		this.requestUri = (query < 0) ? path : path.substring(0, query);
		this.queryString = (query < 0) ? null : path.substring(query + 1);
		this.servlet = servlet;
		this.servletContext = servletContext;
		this.parameters = parseQuery(this.queryString);
	}

	/**
	 * Creates a simulated request.
	 * @param method the HTTP method
	 * @param path the path within the application, optionally with a query string
	 * @param servlet the servlet mapping the path goes to, or {@code null}
	 * @param servletContext the application's servlet context, or {@code null}
	 * @return the request
	 */
	static HttpServletRequest create(String method, String path, ServletMappings.ServletMatch servlet,
			ServletContext servletContext) {
		return (HttpServletRequest) Proxy.newProxyInstance(SimulatedRequest.class.getClassLoader(),
				new Class<?>[] { HttpServletRequest.class },
				new SimulatedRequest(method, path, servlet, servletContext));
	}

	/**
	 * Returns the request path without its query string.
	 */
	static String pathWithoutQuery(String path) {
		int query = path.indexOf('?');
		return (query < 0) ? path : path.substring(0, query);
	}

	@Override
	public Object invoke(Object proxy, Method invoked, Object[] args) throws Throwable {
		String name = invoked.getName();
		if (UNSUPPORTED.contains(name)) {
			throw new UnsupportedOperationException("A simulated request does not support " + name + "()");
		}
		switch (name) {
			case "getMethod":
				return this.method;
			case "getRequestURI":
				return this.requestUri;
			case "getRequestURL":
				return new StringBuffer("http://localhost").append(this.requestUri);
			case "getQueryString":
				return this.queryString;
			case "getContextPath":
				return "";
			case "getServletPath":
				return (this.servlet != null) ? this.servlet.servletPath() : this.requestUri;
			case "getPathInfo":
				return (this.servlet != null) ? this.servlet.pathInfo() : null;
			case "getHttpServletMapping":
				return new Mapping(this.servlet);
			case "getDispatcherType":
				return DispatcherType.REQUEST;
			case "getServletContext":
				return this.servletContext;
			case "getAttribute":
				return this.attributes.get((String) args[0]);
			case "getAttributeNames":
				return Collections.enumeration(new ArrayList<>(this.attributes.keySet()));
			case "setAttribute":
				if (args[1] == null) {
					this.attributes.remove((String) args[0]);
				}
				else {
					this.attributes.put((String) args[0], args[1]);
				}
				return null;
			case "removeAttribute":
				this.attributes.remove((String) args[0]);
				return null;
			case "getParameter":
				String[] values = this.parameters.get((String) args[0]);
				return (values != null) ? values[0] : null;
			case "getParameterValues":
				return this.parameters.get((String) args[0]);
			case "getParameterNames":
				return Collections.enumeration(this.parameters.keySet());
			case "getParameterMap":
				return Collections.unmodifiableMap(this.parameters);
			case "getScheme":
				return "http";
			case "getProtocol":
				return "HTTP/1.1";
			case "getServerName":
			case "getLocalName":
			case "getRemoteHost":
				return "localhost";
			case "getRemoteAddr":
			case "getLocalAddr":
				return "127.0.0.1";
			case "getServerPort":
			case "getLocalPort":
				return 80;
			case "getContentLength":
			case "getIntHeader":
				return -1;
			case "getContentLengthLong":
			case "getDateHeader":
				return -1L;
			case "getLocale":
				return Locale.getDefault();
			case "getLocales":
				return Collections.enumeration(List.of(Locale.getDefault()));
			case "isTrailerFieldsReady":
				return true;
			case "getSession":
				if (args == null || Boolean.TRUE.equals(args[0])) {
					throw new UnsupportedOperationException("A simulated request has no session");
				}
				return null;
			case "toString":
				return "simulated " + this.method + " " + this.requestUri;
			case "hashCode":
				return System.identityHashCode(proxy);
			case "equals":
				return proxy == args[0];
			default:
				return invoked.isDefault() ? InvocationHandler.invokeDefault(proxy, invoked, args)
						: emptyValue(invoked.getReturnType());
		}
	}

	private static Object emptyValue(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == long.class) {
			return 0L;
		}
		if (type == Enumeration.class) {
			return Collections.emptyEnumeration();
		}
		if (type == Map.class) {
			return Collections.emptyMap();
		}
		if (type == Collection.class) {
			return Collections.emptyList();
		}
		return null;
	}

	private static Map<String, String[]> parseQuery(String query) {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			String[] previous = parameters.get(name);
			String[] values = (previous != null) ? Arrays.copyOf(previous, previous.length + 1)
					: new String[1];
			values[values.length - 1] = value;
			parameters.put(name, values);
		}
		return parameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * The servlet mapping of a simulated request, as the container reports it.
	 */
	private static final class Mapping implements HttpServletMapping {

		private final ServletMappings.ServletMatch servlet;

		Mapping(ServletMappings.ServletMatch servlet) {
			this.servlet = servlet;
		}

		@Override
		public String getMatchValue() {
			return (this.servlet != null) ? this.servlet.matchValue() : "";
		}

		@Override
		public String getPattern() {
			return (this.servlet != null) ? this.servlet.pattern() : "";
		}

		@Override
		public String getServletName() {
			return (this.servlet != null) ? this.servlet.servletName() : "";
		}

		@Override
		public MappingMatch getMappingMatch() {
			return (this.servlet != null) ? this.servlet.mappingMatch() : null;
		}

	}

}
