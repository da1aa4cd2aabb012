package io.middlewaretrace.stage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.web.StageRecording;

/**
 * Wraps a {@link HandlerInterceptor} to record each of its callbacks as a stage of deep-traced
 * requests: {@code preHandle} continued or short-circuited (returned {@code false}),
 * {@code postHandle} and {@code afterCompletion} completed, or threw. Passes straight through
 * for requests that are not deep-traced.
 *
 * @since 0.1.0
 */
public class StageRecordingInterceptor implements AsyncHandlerInterceptor, StageRecording {

	private final HandlerInterceptor delegate;

	private final StageObserver observer;

	private final String preHandle;

	private final String postHandle;

	private final String afterCompletion;

	/**
	 * Creates a wrapper.
	 * @param name the interceptor's name (its class name, short form)
	 * @param delegate the interceptor
	 * @param observer told about deep-traced stages
	 */
	public StageRecordingInterceptor(String name, HandlerInterceptor delegate, StageObserver observer) {
		this.delegate = delegate;
		this.observer = observer;
		this.preHandle = name + ".preHandle";
		this.postHandle = name + ".postHandle";
		this.afterCompletion = name + ".afterCompletion";
	}

	@Override
	public Object delegate() {
		return this.delegate;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		DefaultRequestContext context = RequestContextHolder.get();
		Timeline timeline = (context != null) ? context.timeline() : null;
		if (timeline == null) {
			return this.delegate.preHandle(request, response, handler);
		}
		long start = enter(context, timeline, this.preHandle);
		Outcome outcome = Outcome.THREW;
		try {
			boolean proceed = this.delegate.preHandle(request, response, handler);
			outcome = proceed ? Outcome.CONTINUED : Outcome.SHORT_CIRCUITED;
			return proceed;
		}
		finally {
			exit(context, timeline, this.preHandle, outcome, start);
		}
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) throws Exception {
		DefaultRequestContext context = RequestContextHolder.get();
		Timeline timeline = (context != null) ? context.timeline() : null;
		if (timeline == null) {
			this.delegate.postHandle(request, response, handler, modelAndView);
			return;
		}
		completed(context, timeline, this.postHandle,
				() -> this.delegate.postHandle(request, response, handler, modelAndView));
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) throws Exception {
		DefaultRequestContext context = RequestContextHolder.get();
		Timeline timeline = (context != null) ? context.timeline() : null;
		if (timeline == null) {
			this.delegate.afterCompletion(request, response, handler, ex);
			return;
		}
		completed(context, timeline, this.afterCompletion,
				() -> this.delegate.afterCompletion(request, response, handler, ex));
	}

	/**
	 * Records a callback that has nothing to pass on: it completes or throws.
	 */
	private void completed(DefaultRequestContext context, Timeline timeline, String stage, Callback callback)
			throws Exception {
		long start = enter(context, timeline, stage);
		Outcome outcome = Outcome.THREW;
		try {
			callback.run();
			outcome = Outcome.COMPLETED;
		}
		finally {
			exit(context, timeline, stage, outcome, start);
		}
	}

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) throws Exception {
		if (this.delegate instanceof AsyncHandlerInterceptor async) {
			async.afterConcurrentHandlingStarted(request, response, handler);
		}
	}

	private long enter(DefaultRequestContext context, Timeline timeline, String stage) {
		long start = System.nanoTime();
		timeline.enter(stage, StageType.INTERCEPTOR, start);
		this.observer.entered(context, stage, StageType.INTERCEPTOR);
		return start;
	}

	private void exit(DefaultRequestContext context, Timeline timeline, String stage, Outcome outcome, long start) {
		long end = System.nanoTime();
		timeline.exit(stage, StageType.INTERCEPTOR, outcome, end);
		this.observer.exited(context, stage, StageType.INTERCEPTOR, outcome, end - start);
	}

	@FunctionalInterface
	private interface Callback {

		void run() throws Exception;

	}

	@Override
	public String toString() {
		return "StageRecordingInterceptor[" + this.delegate + "]";
	}

}
