package io.middlewaretrace.stage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.handler.MappedInterceptor;

import io.middlewaretrace.web.StageRecording;

/**
 * Records the stages of an interceptor registered with path (and, on Spring Framework 7, HTTP
 * method) conditions, a {@link MappedInterceptor}: it takes the mapped interceptor's place in the
 * handler mapping and asks the original, for every callback, whether it applies to the request,
 * so its conditions hold exactly as the application declared them, whatever it declared (a
 * rebuilt {@code MappedInterceptor} could copy only the paths). Where it does not apply, every
 * callback passes straight through, as if it were not in the chain; like a
 * {@code MappedInterceptor}, it receives no async callbacks.
 */
final class MappedStageInterceptor implements HandlerInterceptor, StageRecording {

	private final MappedInterceptor mapped;

	private final StageRecordingInterceptor recorder;

	MappedStageInterceptor(MappedInterceptor mapped, StageRecordingInterceptor recorder) {
		this.mapped = mapped;
		this.recorder = recorder;
	}

	@Override
	public Object delegate() {
		return this.mapped;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		return !this.mapped.matches(request) || this.recorder.preHandle(request, response, handler);
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) throws Exception {
		if (this.mapped.matches(request)) {
			this.recorder.postHandle(request, response, handler, modelAndView);
		}
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) throws Exception {
		if (this.mapped.matches(request)) {
			this.recorder.afterCompletion(request, response, handler, ex);
		}
	}

	@Override
	public String toString() {
		return this.recorder.toString();
	}

}
