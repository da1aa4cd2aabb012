package io.middlewaretrace.stage;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * The last interceptor of every handler mapping when deep tracing is on: its {@code preHandle}
 * runs right before the handler and its {@code postHandle} right after it (interceptors'
 * {@code postHandle} run in reverse order), so the handler stage it records is the handler's own
 * time. A handler that throws is closed when exception resolution starts
 * ({@link ExceptionResolutionStage}) or, at the latest, in {@code afterCompletion}.
 *
 * @since 0.1.0
 */
public class HandlerStageInterceptor implements AsyncHandlerInterceptor {

	static final String OPEN_ATTRIBUTE = HandlerStageInterceptor.class.getName() + ".open";

	private final StageObserver observer;

	private final Map<Method, String> names = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param observer told about handler stages
	 */
	public HandlerStageInterceptor(StageObserver observer) {
		this.observer = observer;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		DefaultRequestContext context = RequestContextHolder.get();
		Timeline timeline = (context != null) ? context.timeline() : null;
		if (timeline != null) {
			OpenStage open = new OpenStage(name(handler), System.nanoTime());
			request.setAttribute(OPEN_ATTRIBUTE, open);
			timeline.enter(open.name, StageType.HANDLER, open.startNanos);
			this.observer.entered(context, open.name, StageType.HANDLER);
		}
		return true;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) {
		close(request, Outcome.COMPLETED, this.observer);
	}

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		close(request, Outcome.ASYNC_STARTED, this.observer);
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		close(request, (ex != null) ? Outcome.THREW : Outcome.COMPLETED, this.observer);
		ExceptionResolutionStage.close(request, this.observer);
		// the first afterCompletion to run after the view rendered
		ViewStageInterceptor.close(request, ex, this.observer);
	}

	/**
	 * Ends the handler stage of the request if it is still open.
	 */
	static void close(HttpServletRequest request, Outcome outcome, StageObserver observer) {
		if (!(request.getAttribute(OPEN_ATTRIBUTE) instanceof OpenStage open)) {
			return;
		}
		request.removeAttribute(OPEN_ATTRIBUTE);
		DefaultRequestContext context = RequestContextHolder.get();
		if (context != null && context.timeline() != null) {
			long end = System.nanoTime();
			context.timeline().exit(open.name, StageType.HANDLER, outcome, end);
			observer.exited(context, open.name, StageType.HANDLER, outcome, end - open.startNanos);
		}
	}

	private String name(Object handler) {
		if (handler instanceof HandlerMethod method) {
			return this.names.computeIfAbsent(method.getMethod(),
					(m) -> m.getDeclaringClass().getSimpleName() + "#" + m.getName());
		}
		return handler.getClass().getSimpleName();
	}

	record OpenStage(String name, long startNanos) {
	}

}
