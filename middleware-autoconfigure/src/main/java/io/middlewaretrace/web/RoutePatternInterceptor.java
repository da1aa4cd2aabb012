package io.middlewaretrace.web;

import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;

import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;

/**
 * Records, as soon as handler mapping resolved it, the route pattern of the request (in the
 * {@link RequestContext} and the MDC), whether a static resource handler serves it and whether
 * configuration excludes it from the access log. Error dispatches keep the route of the original
 * request rather than {@code /error}.
 *
 * @since 0.1.0
 */
public class RoutePatternInterceptor implements HandlerInterceptor {

	static final String HANDLER_STAGE = "handler";

	private final List<PathPattern> accessLogExclusions;

	/**
	 * Creates an interceptor.
	 * @param accessLogExclusions request paths whose requests are not access-logged
	 */
	public RoutePatternInterceptor(List<PathPattern> accessLogExclusions) {
		this.accessLogExclusions = List.copyOf(accessLogExclusions);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		RequestContext context = RequestContextHolder.get();
		if (context == null || request.getDispatcherType() == DispatcherType.ERROR) {
			return true;
		}
		if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			context.routePattern(pattern);
			MDC.put(MiddlewareTraceFilter.ROUTE_MDC_KEY, pattern);
		}
		if (handler instanceof ResourceHttpRequestHandler) {
			context.staticResource(true);
		}
		if (!this.accessLogExclusions.isEmpty() && isExcluded(request)) {
			context.excludedFromAccessLog(true);
		}
		Timeline timeline = context.timeline();
		if (timeline != null) {
			timeline.enter(HANDLER_STAGE);
		}
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		RequestContext context = RequestContextHolder.get();
		if (context != null && context.timeline() != null && request.getDispatcherType() != DispatcherType.ERROR) {
			context.timeline().exit(HANDLER_STAGE);
		}
	}

	private boolean isExcluded(HttpServletRequest request) {
		PathContainer path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
				: PathContainer.parsePath(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
		for (PathPattern pattern : this.accessLogExclusions) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

}
