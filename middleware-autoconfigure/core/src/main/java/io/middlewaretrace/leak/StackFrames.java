package io.middlewaretrace.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * Short, readable stacks for leak reports: application frames first (in call order, innermost
 * first), then the innermost framework frames until the limit. The starter's own frames,
 * reflection and proxy frames are left out. Used where a stack is needed (a sampled borrow, a
 * leaked task); nothing here runs on the default per-request path.
 *
 * @since 0.1.0
 */
public final class StackFrames {

	private static final String[] FRAMEWORK_PREFIXES = { "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
			"org.springframework.", "org.apache.", "com.zaxxer.", "org.hibernate.", "io.micrometer.", "ch.qos.",
			"org.slf4j.", "org.h2.", "org.postgresql.", "com.fasterxml.", "io.github.resilience4j.", "reactor.",
			"org.aspectj.", "net.bytebuddy.", "kotlin.", "io.opentelemetry.", "org.junit.", "junit.", "org.mockito." };

	private static final String[] STARTER_PREFIXES = { "io.middlewaretrace.accesslog.",
			"io.middlewaretrace.anomaly.", "io.middlewaretrace.autoconfigure.", "io.middlewaretrace.chain.",
			"io.middlewaretrace.context.", "io.middlewaretrace.deadline.", "io.middlewaretrace.jdbc.",
			"io.middlewaretrace.leak.", "io.middlewaretrace.snapshot.", "io.middlewaretrace.stage.",
			"io.middlewaretrace.support.", "io.middlewaretrace.web." };

	/**
	 * How many frames of a stack are looked at at most.
	 */
	static final int MAX_DEPTH = 128;

	private StackFrames() {
	}

	/**
	 * Captures where the caller is, for frames resolved later with {@link #of(Throwable, int)}.
	 * The JVM records the stack as a compact backtrace; no frame is turned into text until a
	 * leak needs it, which is several times cheaper than walking the stack with a
	 * {@link StackWalker} at capture time.
	 * @return the captured call site
	 */
	public static Throwable capture() {
		return new CallSite();
	}

	/**
	 * Resolves a call site captured by {@link #capture()} to at most {@code max} frames,
	 * application frames first.
	 * @param site the captured call site
	 * @param max how many frames to keep, positive
	 * @return the frames, as {@code class.method(File.java:line)}
	 */
	public static List<String> of(Throwable site, int max) {
		return of(site.getStackTrace(), max);
	}

	/**
	 * Trims a captured stack (for example another thread's, from {@link Thread#getStackTrace()})
	 * to {@code max} frames, application frames first.
	 * @param stack the stack, innermost frame first
	 * @param max how many frames to keep, positive
	 * @return the frames, as {@code class.method(File.java:line)}
	 */
	public static List<String> of(StackTraceElement[] stack, int max) {
		Collector collector = new Collector(max);
		for (int i = 0; i < stack.length && i < MAX_DEPTH && !collector.isFull(); i++) {
			StackTraceElement element = stack[i];
			if (collector.wants(element.getClassName())) {
				collector.add(element.getClassName(), element.getMethodName(), element.getFileName(),
						element.getLineNumber());
			}
		}
		return collector.frames();
	}

	/**
	 * Returns whether a class belongs to the application rather than to the JDK, a framework
	 * or library the starter knows, or the starter itself.
	 * @param className the class name
	 * @return whether it is an application class
	 */
	public static boolean isApplicationClass(String className) {
		return !startsWithAny(className, FRAMEWORK_PREFIXES) && !isHidden(className);
	}

	private static boolean isHidden(String className) {
		return startsWithAny(className, STARTER_PREFIXES) || className.startsWith("jdk.internal.")
				|| className.contains("$$") || className.startsWith("com.sun.proxy.")
				|| className.startsWith("jdk.proxy");
	}

	private static boolean startsWithAny(String className, String[] prefixes) {
		for (String prefix : prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String format(String className, String methodName, String fileName, int line) {
		StringBuilder frame = new StringBuilder(className.length() + methodName.length() + 24);
		frame.append(className).append('.').append(methodName).append('(');
		if (fileName != null) {
			frame.append(fileName);
			if (line >= 0) {
				frame.append(':').append(line);
			}
		}
		else {
			frame.append("Unknown Source");
		}
		return frame.append(')').toString();
	}

	/**
	 * The call site of a borrow, never thrown.
	 */
	private static final class CallSite extends Throwable {

		private static final long serialVersionUID = 1L;

		CallSite() {
			super("call site", null, false, true);
		}

	}

	private static final class Collector {

		private final int max;

		private final List<String> application = new ArrayList<>();

		private final List<String> framework = new ArrayList<>();

		Collector(int max) {
			if (max <= 0) {
				throw new IllegalArgumentException("max must be positive, but was " + max);
			}
			this.max = max;
		}

		/**
		 * Whether a frame of this class would be kept: an application frame, or one of the first
		 * {@code max} framework frames.
		 */
		boolean wants(String className) {
			if (isHidden(className)) {
				return false;
			}
			return !startsWithAny(className, FRAMEWORK_PREFIXES) || this.framework.size() < this.max;
		}

		void add(String className, String methodName, String fileName, int line) {
			if (!startsWithAny(className, FRAMEWORK_PREFIXES)) {
				this.application.add(format(className, methodName, fileName, line));
			}
			else {
				this.framework.add(format(className, methodName, fileName, line));
			}
		}

		boolean isFull() {
			return this.application.size() >= this.max;
		}

		List<String> frames() {
			List<String> frames = new ArrayList<>(this.max);
			for (int i = 0; i < this.application.size() && frames.size() < this.max; i++) {
				frames.add(this.application.get(i));
			}
			for (int i = 0; i < this.framework.size() && frames.size() < this.max; i++) {
				frames.add(this.framework.get(i));
			}
			return List.copyOf(frames);
		}

	}

}
