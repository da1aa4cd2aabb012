package io.middlewaretrace.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.WebUtils;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Records, as soon as handler mapping resolved it, the route pattern of the request (in the
 * {@link DefaultRequestContext} and the MDC) and whether a static resource handler serves it. Error
 * dispatches keep the route of the original request rather than {@code /error}. Handler
 * mappings this interceptor is not registered with (Actuator's, for one) still get their route
 * recorded, by the filter, when the dispatch ends.
 *
 * @since 0.1.0
 */
public class RoutePatternInterceptor implements HandlerInterceptor {

	/**
	 * Stage noted for a request once handler mapping chose its handler.
	 */
	public static final String HANDLER_STAGE = "handler";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		DefaultRequestContext context = RequestContextHolder.get();
		if (context == null || request.getDispatcherType() == DispatcherType.ERROR) {
			return true;
		}
		if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			context.routePattern(pattern);
			MDC.put(MiddlewareTraceFilter.ROUTE_MDC_KEY, pattern);
		}
		context.enterStage(HANDLER_STAGE);
		if (handler instanceof ResourceHttpRequestHandler) {
			context.staticResource(true);
		}
		// the handler phase starts: a body a filter consumed is replayed from here on
		if (request.getDispatcherType() == DispatcherType.REQUEST) {
			CapturingRequest body = WebUtils.getNativeRequest(request, CapturingRequest.class);
			if (body != null) {
				body.prepareForHandler();
			}
		}
		return true;
	}

}
