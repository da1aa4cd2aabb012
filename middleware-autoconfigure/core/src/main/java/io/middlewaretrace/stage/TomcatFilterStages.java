package io.middlewaretrace.stage;

import jakarta.servlet.Filter;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterDef;

import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.StageRecording;

/**
 * Wraps every filter registered with an embedded Tomcat context in a
 * {@link StageRecordingFilter} named after its filter name, once all filters are registered and
 * before Tomcat initialises them. The filter definitions keep their class names, so what the
 * servlet API reports about registrations (and Spring Boot's mappings endpoint) is unchanged.
 *
 * @since 0.1.0
 */
public final class TomcatFilterStages {

	private TomcatFilterStages() {
	}

	/**
	 * Wraps the filters defined in the context.
	 * @param context the Tomcat context, after the application registered its filters
	 * @param observer told about deep-traced stages
	 * @return how many filters were wrapped
	 */
	public static int wrapFilters(Context context, StageObserver observer) {
		int wrapped = 0;
		for (FilterDef definition : context.findFilterDefs()) {
			Filter filter = definition.getFilter();
			// the starter's own filter opens the context and records itself
			if (filter == null || filter instanceof StageRecording || filter instanceof MiddlewareTraceFilter) {
				continue;
			}
			definition.setFilter(
					new StageRecordingFilter(definition.getFilterName(), filter, StageType.FILTER, observer));
			wrapped++;
		}
		return wrapped;
	}

}
