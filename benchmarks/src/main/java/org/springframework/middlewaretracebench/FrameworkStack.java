package org.springframework.middlewaretracebench;

import java.util.concurrent.Callable;

/**
 * A stand-in for the framework frames (Tomcat, filters, Spring MVC, Spring JDBC) between a real
 * request's entry and its database borrow, for the connection-tracking benchmark. It lives under
 * {@code org.springframework} only so that the starter's stack trimming treats its frames as
 * framework frames, as it does real Spring frames; it belongs to the benchmarks module and is
 * never shipped.
 */
public final class FrameworkStack {

	private FrameworkStack() {
	}

	/**
	 * Calls {@code work} below {@code depth} extra frames.
	 * @param depth how many frames to add
	 * @param work what to call at the bottom
	 * @param <T> the result type
	 * @return what {@code work} returned
	 * @throws Exception what {@code work} threw
	 */
	public static <T> T below(int depth, Callable<T> work) throws Exception {
		if (depth <= 0) {
			return work.call();
		}
		return below(depth - 1, work);
	}

}
