package io.middlewaretrace.anomaly;

import jakarta.servlet.Filter;

import org.springframework.util.ClassUtils;

/**
 * Finds the filter an exception escaped from by its stack, where no stage-recording wrapper
 * named it (MockMvc, containers other than Tomcat): the first frame of a {@link Filter} class,
 * unless a servlet frame comes first. Runs on the error path only.
 */
final class FilterBlame {

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
			if (className.startsWith("org.apache.catalina.") || className.startsWith("io.middlewaretrace.web.") || className.startsWith("io.middlewaretrace.stage.")
					|| className.equals("org.springframework.web.filter.OncePerRequestFilter")
					|| className.equals("org.springframework.web.filter.GenericFilterBean")) {
				continue;
			}
			try {
				if (Filter.class.isAssignableFrom(ClassUtils.forName(className, classLoader))) {
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
