package io.middlewaretrace.stage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

/**
 * Runs first among Spring MVC's exception resolvers when deep tracing is on, resolving nothing:
 * it closes the handler stage as {@code THREW} and opens the exception-resolution stage, which
 * {@link HandlerStageInterceptor#afterCompletion} closes.
 *
 * @since 0.1.0
 */
public class ExceptionResolutionStage implements HandlerExceptionResolver, Ordered {

	static final String STAGE = "exception-resolution";

	private static final String OPEN_ATTRIBUTE = ExceptionResolutionStage.class.getName() + ".open";

	private final StageObserver observer;

	/**
	 * Creates the resolver.
	 * @param observer told about exception-resolution stages
	 */
	public ExceptionResolutionStage(StageObserver observer) {
		this.observer = observer;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		DefaultRequestContext context = RequestContextHolder.get();
		if (context != null && context.timeline() != null && request.getAttribute(OPEN_ATTRIBUTE) == null) {
			HandlerStageInterceptor.close(request, Outcome.THREW, this.observer);
			request.setAttribute(OPEN_ATTRIBUTE, System.nanoTime());
			context.timeline().enter(STAGE, StageType.EXCEPTION_RESOLUTION);
			this.observer.entered(context, STAGE, StageType.EXCEPTION_RESOLUTION);
		}
		return null;
	}

	static void close(HttpServletRequest request, StageObserver observer) {
		if (!(request.getAttribute(OPEN_ATTRIBUTE) instanceof Long start)) {
			return;
		}
		request.removeAttribute(OPEN_ATTRIBUTE);
		DefaultRequestContext context = RequestContextHolder.get();
		if (context != null && context.timeline() != null) {
			context.timeline().exit(STAGE, StageType.EXCEPTION_RESOLUTION, Outcome.COMPLETED);
			observer.exited(context, STAGE, StageType.EXCEPTION_RESOLUTION, Outcome.COMPLETED,
					System.nanoTime() - start);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
