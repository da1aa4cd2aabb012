package io.middlewaretrace.anomaly;

import jakarta.servlet.Filter;

import org.springframework.util.ClassUtils;

import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.StageRecording;

/**
 * Finds the filter an exception escaped from by its stack, where no stage-recording wrapper
 * named it (MockMvc, containers other than Tomcat): the first frame of a {@link Filter} class,
 * unless a servlet frame comes first. Runs on the error path only.
 */
final class FilterBlame {

	private static final String INSTRUMENTATION_PACKAGE = MiddlewareTraceFilter.class.getPackageName();

	private FilterBlame() {
	}

	static String fromStack(Throwable ex) {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		for (StackTraceElement frame : ex.getStackTrace()) {
			String className = frame.getClassName();
			if (className.startsWith("jakarta.servlet.http.HttpServlet")
					|| className.startsWith("org.springframework.web.servlet.")
					|| className.startsWith("org.springframework.test.web.servlet.")) {
				return null;
			}
			if (className.startsWith("org.apache.catalina.")
					|| className.equals("org.springframework.web.filter.OncePerRequestFilter")
					|| className.equals("org.springframework.web.filter.GenericFilterBean")) {
				continue;
			}
			try {
				Class<?> type = ClassUtils.forName(className, classLoader);
				// the starter's own filters and the stage wrappers around the application's
				if (Filter.class.isAssignableFrom(type) && !StageRecording.class.isAssignableFrom(type)
						&& !type.getPackageName().equals(INSTRUMENTATION_PACKAGE)) {
					return className;
				}
			}
			catch (ClassNotFoundException | LinkageError ex2) {
				// a generated or hidden class: not one we can blame by name
			}
		}
		return null;
	}

}
