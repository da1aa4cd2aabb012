package io.middlewaretrace.stage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.support.ViewNames;

/**
 * The first interceptor of every handler mapping when deep tracing is on: its {@code postHandle}
 * runs last, right before Spring MVC renders the view the handler returned, and opens the
 * {@link StageType#VIEW} stage, named after the view. The {@link HandlerStageInterceptor}, last,
 * closes it in its {@code afterCompletion}, the first to run after the view rendered; this
 * interceptor's own {@code afterCompletion} closes it if that did not happen.
 *
 * @since 0.1.0
 */
public class ViewStageInterceptor implements HandlerInterceptor {

	static final String OPEN_ATTRIBUTE = ViewStageInterceptor.class.getName() + ".open";

	private final StageObserver observer;

	/**
	 * Creates the interceptor.
	 * @param observer told about view stages
	 */
	public ViewStageInterceptor(StageObserver observer) {
		this.observer = observer;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) {
		DefaultRequestContext context = RequestContextHolder.get();
		Timeline timeline = (context != null) ? context.timeline() : null;
		if (timeline == null || !ViewNames.renders(modelAndView)) {
			return;
		}
		HandlerStageInterceptor.OpenStage open = new HandlerStageInterceptor.OpenStage(ViewNames.of(modelAndView),
				System.nanoTime());
		request.setAttribute(OPEN_ATTRIBUTE, open);
		timeline.enter(open.name(), StageType.VIEW, open.startNanos());
		this.observer.entered(context, open.name(), StageType.VIEW);
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		close(request, ex, this.observer);
	}

	/**
	 * Ends the view stage of the request if it is open.
	 */
	static void close(HttpServletRequest request, Exception ex, StageObserver observer) {
		if (!(request.getAttribute(OPEN_ATTRIBUTE) instanceof HandlerStageInterceptor.OpenStage open)) {
			return;
		}
		request.removeAttribute(OPEN_ATTRIBUTE);
		DefaultRequestContext context = RequestContextHolder.get();
		if (context != null && context.timeline() != null) {
			long end = System.nanoTime();
			Outcome outcome = (ex != null) ? Outcome.THREW : Outcome.COMPLETED;
			context.timeline().exit(open.name(), StageType.VIEW, outcome, end);
			observer.exited(context, open.name(), StageType.VIEW, outcome, end - open.startNanos());
		}
	}

}
