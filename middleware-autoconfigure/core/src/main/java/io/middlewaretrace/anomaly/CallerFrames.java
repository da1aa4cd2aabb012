package io.middlewaretrace.anomaly;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import io.middlewaretrace.web.MiddlewareTraceFilter;

/**
 * Finds the application frame that made a call the starter intercepted: the first frame outside
 * request/response wrappers, the servlet API, the starter and Spring's I/O plumbing. Walks the
 * stack, so it runs only once a problem was detected.
 */
final class CallerFrames {

	// the instrumentation that intercepted the call, and this detector: never the application
	private static final String INSTRUMENTATION_PACKAGE = MiddlewareTraceFilter.class.getPackageName();

	private static final String OWN_PACKAGE = CallerFrames.class.getPackageName();

	private static final StackWalker STACK_WALKER = StackWalker
		.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private CallerFrames() {
	}

	static String first() {
		return STACK_WALKER.walk((frames) -> frames.filter(CallerFrames::isApplicationFrame)
			.findFirst()
			.map((frame) -> frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
					+ frame.getLineNumber() + ")")
			.orElse("unknown"));
	}

	private static boolean isApplicationFrame(StackWalker.StackFrame frame) {
		Class<?> type = frame.getDeclaringClass();
		String name = frame.getClassName();
		return !ServletResponse.class.isAssignableFrom(type) && !ServletRequest.class.isAssignableFrom(type)
				&& !name.startsWith("jakarta.servlet.") && !name.startsWith("java.io.")
				&& !name.startsWith("sun.nio.cs.") && !type.getPackageName().equals(INSTRUMENTATION_PACKAGE)
				&& !type.getPackageName().equals(OWN_PACKAGE) && !name.startsWith("org.springframework.util.")
				&& !name.startsWith("org.springframework.http.converter.");
	}

}
