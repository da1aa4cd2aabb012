package io.middlewaretrace.stage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.NoOp;

import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.web.StageRecording;

/**
 * Wraps the filters of a Spring Security filter chain for stage recording. Spring Security names
 * filters by their class's simple name (in its logs and in the {@code spring.security.reached.filter.name}
 * observation tag), so each wrapper is an instance of a generated subclass of
 * {@link StageRecordingFilter} whose simple name is the wrapped filter's: what Spring Security
 * reports stays the same. Where a class cannot be generated, a plain wrapper is used.
 *
 * @since 0.1.0
 */
public final class SecurityStageFilters {

	private static final Log logger = LogFactory.getLog(SecurityStageFilters.class);

	private static final Map<String, Class<?>> NAMED_WRAPPERS = new ConcurrentHashMap<>();

	private SecurityStageFilters() {
	}

	/**
	 * Replaces, in place, each filter of a security filter chain's (mutable) filter list by a
	 * stage-recording wrapper. Filters already wrapped are left alone.
	 * @param filters the chain's filters
	 * @param observer told about deep-traced stages
	 */
	public static void wrapAll(List<Filter> filters, StageObserver observer) {
		for (int i = 0; i < filters.size(); i++) {
			Filter filter = filters.get(i);
			if (!(filter instanceof StageRecording)) {
				filters.set(i, wrap(filter, observer));
			}
		}
	}

	static Filter wrap(Filter filter, StageObserver observer) {
		String simpleName = filter.getClass().getSimpleName();
		if (!simpleName.isEmpty()) {
			Class<?> type = NAMED_WRAPPERS.computeIfAbsent(simpleName, SecurityStageFilters::generate);
			if (type != StageRecordingFilter.class) {
				try {
					return (Filter) type.getConstructor(String.class, Filter.class, StageType.class, StageObserver.class)
						.newInstance(simpleName, filter, StageType.SECURITY_FILTER, observer);
				}
				catch (ReflectiveOperationException | LinkageError ex) {
					logger.debug("Could not instantiate the stage wrapper named " + simpleName, ex);
				}
			}
		}
		return new StageRecordingFilter(simpleName, filter, StageType.SECURITY_FILTER, observer);
	}

	private static Class<?> generate(String simpleName) {
		try {
			Enhancer enhancer = new Enhancer();
			enhancer.setSuperclass(StageRecordingFilter.class);
			enhancer.setClassLoader(StageRecordingFilter.class.getClassLoader());
			enhancer.setUseFactory(false);
			enhancer.setUseCache(false);
			enhancer.setCallbackType(NoOp.class);
			// same package as the superclass: the JDK defines the class through its lookup
			enhancer.setNamingPolicy((prefix, source, key, names) -> StageRecordingFilter.class.getPackageName()
					+ "." + simpleName);
			Class<?> type = enhancer.createClass();
			Enhancer.registerStaticCallbacks(type, new Callback[] { NoOp.INSTANCE });
			return type;
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not generate a stage wrapper named " + simpleName + "; using a plain one", ex);
			return StageRecordingFilter.class;
		}
	}

}
