package io.middlewaretrace.deadline.resilience4j;

import java.time.Duration;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Runs test code as if it worked for a request with a given deadline.
 */
final class RequestScope {

	private RequestScope() {
	}

	interface Work<T> {

		T run() throws Throwable;

	}

	/**
	 * Runs {@code work} for a request with {@code budget} left from now.
	 */
	static <T> T withBudget(Duration budget, Work<T> work) throws Throwable {
		return within(Deadline.after(budget), work);
	}

	/**
	 * Runs {@code work} for a request whose deadline passed a second ago.
	 */
	static <T> T withSpentBudget(Work<T> work) throws Throwable {
		return within(spentDeadline(), work);
	}

	static Deadline spentDeadline() {
		return Deadline.of(System.nanoTime() - Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(1), "test");
	}

	static <T> T within(Deadline deadline, Work<T> work) throws Throwable {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		context.startDeadline(deadline, null);
		RequestContextHolder.set(context);
		try {
			return work.run();
		}
		finally {
			RequestContextHolder.clear();
		}
	}

}
