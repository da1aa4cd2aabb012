package io.middlewaretrace.stage;

import java.lang.reflect.Field;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.web.StageRecording;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * Wraps the interceptors of a handler mapping for stage recording and appends the
 * {@link HandlerStageInterceptor} last. Spring MVC offers no hook to decorate interceptors once a
 * handler mapping has adapted them, so this edits the mapping's adapted-interceptor list in place;
 * if that list cannot be reached (a future Spring version), the mapping is left as it is and the
 * reason logged.
 *
 * @since 0.1.0
 */
public final class InterceptorStages {

	private static final Log logger = LogFactory.getLog(InterceptorStages.class);

	private static final Field ADAPTED_INTERCEPTORS = ReflectionUtils.findField(AbstractHandlerMapping.class,
			"adaptedInterceptors", List.class);

	static {
		if (ADAPTED_INTERCEPTORS != null) {
			ReflectionUtils.makeAccessible(ADAPTED_INTERCEPTORS);
		}
	}

	private InterceptorStages() {
	}

	/**
	 * Wraps every interceptor of the mapping and appends the handler stage interceptor.
	 * @param mapping an initialised handler mapping
	 * @param observer told about deep-traced stages
	 * @param handlerStage the interceptor recording the handler stage
	 * @return whether the mapping was instrumented
	 */
	public static boolean instrument(AbstractHandlerMapping mapping, StageObserver observer,
			HandlerStageInterceptor handlerStage) {
		return instrument(mapping, observer, handlerStage, null);
	}

	/**
	 * Wraps every interceptor of the mapping, puts the view stage interceptor first and appends
	 * the handler stage interceptor.
	 * @param mapping an initialised handler mapping
	 * @param observer told about deep-traced stages
	 * @param handlerStage the interceptor recording the handler stage
	 * @param viewStage the interceptor opening the view stage, or {@code null}
	 * @return whether the mapping was instrumented
	 */
	@SuppressWarnings("unchecked")
	public static boolean instrument(AbstractHandlerMapping mapping, StageObserver observer,
			HandlerStageInterceptor handlerStage, ViewStageInterceptor viewStage) {
		if (ADAPTED_INTERCEPTORS == null) {
			logger.info("Interceptor stages are not recorded: AbstractHandlerMapping.adaptedInterceptors not found");
			return false;
		}
		List<HandlerInterceptor> interceptors = (List<HandlerInterceptor>) ReflectionUtils
			.getField(ADAPTED_INTERCEPTORS, mapping);
		if (interceptors == null || interceptors.contains(handlerStage)) {
			return false;
		}
		try {
			for (int i = 0; i < interceptors.size(); i++) {
				interceptors.set(i, wrap(interceptors.get(i), observer));
			}
			interceptors.add(handlerStage);
			if (viewStage != null) {
				interceptors.add(0, viewStage);
			}
			return true;
		}
		catch (UnsupportedOperationException ex) {
			logger.info("Interceptor stages are not recorded for " + mapping + ": its interceptor list is read-only");
			return false;
		}
	}

	private static HandlerInterceptor wrap(HandlerInterceptor interceptor, StageObserver observer) {
		if (interceptor instanceof StageRecording) {
			return interceptor;
		}
		if (interceptor instanceof MappedInterceptor mapped) {
			if (mapped.getInterceptor() instanceof StageRecording) {
				return interceptor;
			}
			return new MappedStageInterceptor(mapped, new StageRecordingInterceptor(name(mapped.getInterceptor()),
					mapped.getInterceptor(), observer));
		}
		return new StageRecordingInterceptor(name(interceptor), interceptor, observer);
	}

	private static String name(HandlerInterceptor interceptor) {
		Class<?> type = ClassUtils.getUserClass(interceptor);
		return type.getSimpleName().isEmpty() ? ClassUtils.getShortName(type) : type.getSimpleName();
	}

}
