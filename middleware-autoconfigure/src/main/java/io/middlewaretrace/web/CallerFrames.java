package io.middlewaretrace.web;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Finds the application frame that made a call the starter intercepted: the first frame outside
 * request/response wrappers, the servlet API, the starter and Spring's I/O plumbing. Walks the
 * stack, so it runs only once a problem was detected.
 */
public final class CallerFrames {

	private static final StackWalker STACK_WALKER = StackWalker
		.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private CallerFrames() {
	}

	public static String first() {
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
				&& !name.startsWith("sun.nio.cs.") && !name.startsWith("io.middlewaretrace.web.")
				&& !name.startsWith("io.middlewaretrace.snapshot.")
				&& !name.startsWith("io.middlewaretrace.anomaly.") && !name.startsWith("org.springframework.util.")
				&& !name.startsWith("org.springframework.http.converter.");
	}

}
