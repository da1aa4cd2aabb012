package io.middlewaretrace.deadline;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.support.ViewNames;

/**
 * View rendering as a deadline phase ({@value #PHASE}, with the view's name), and the moment a
 * Spring MVC response is produced. Two interceptors: {@link #beforeRender()} is registered first,
 * so its {@code postHandle} runs last, right before the view renders: a request whose deadline
 * already passed is answered 504 instead of rendering; {@link #afterHandler()} is registered
 * last, so its {@code postHandle} runs right after the handler wrote its body, and its
 * {@code afterCompletion} right after the view rendered: the response is produced then, and a
 * deadline passing later no longer cuts it.
 *
 * @since 0.1.0
 */
public final class DeadlineViewPhase {

	/**
	 * Name of the deadline phase of rendering a view.
	 */
	public static final String PHASE = "view.render";

	private static final String OPEN_ATTRIBUTE = DeadlineViewPhase.class.getName() + ".open";

	private DeadlineViewPhase() {
	}

	/**
	 * Returns the interceptor to register before every other one.
	 * @return the interceptor
	 */
	public static HandlerInterceptor beforeRender() {
		return new DeadlineBeforeRender();
	}

	/**
	 * Returns the interceptor to register after every other one.
	 * @return the interceptor
	 */
	public static HandlerInterceptor afterHandler() {
		return new DeadlineAfterHandler();
	}

	private static void endPhase(HttpServletRequest request, Exception ex) {
		if (request.getAttribute(OPEN_ATTRIBUTE) instanceof Phase phase) {
			request.removeAttribute(OPEN_ATTRIBUTE);
			DefaultRequestContext context = RequestContextHolder.get();
			boolean expired = context != null && context.deadline() != null && context.deadline().isExpired();
			phase.end((ex == null) ? Phase.OK : expired ? Phase.DEADLINE : Phase.FAILED);
		}
	}

	private static final class DeadlineBeforeRender implements HandlerInterceptor {

		@Override
		public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
				ModelAndView modelAndView) {
			DefaultRequestContext context = RequestContextHolder.get();
			if (!ViewNames.renders(modelAndView) || context == null || context.deadline() == null) {
				return;
			}
			Deadline deadline = context.deadline();
			if (deadline.isExpired() && DeadlineGuard.isUndecided(context)) {
				DeadlineGuard.expireNow(context);
				throw new DeadlineExceededException(PHASE, deadline);
			}
			request.setAttribute(OPEN_ATTRIBUTE, context.phases().start(PHASE, ViewNames.of(modelAndView)));
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			endPhase(request, ex);
		}

	}

	private static final class DeadlineAfterHandler implements AsyncHandlerInterceptor {

		@Override
		public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
				ModelAndView modelAndView) {
			if (!ViewNames.renders(modelAndView)) {
				DefaultRequestContext context = RequestContextHolder.get();
				if (context != null) {
					context.responseProduced();
				}
			}
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			endPhase(request, ex);
			DefaultRequestContext context = RequestContextHolder.get();
			if (ex == null && context != null && !request.isAsyncStarted()) {
				context.responseProduced();
			}
		}

	}

}
