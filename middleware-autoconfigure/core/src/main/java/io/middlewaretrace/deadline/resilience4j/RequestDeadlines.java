package io.middlewaretrace.deadline.resilience4j;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;

/**
 * What the Resilience4j wrappers ask about the request the current thread works for.
 */
final class RequestDeadlines {

	private static final int MAX_CAUSES = 32;

	private RequestDeadlines() {
	}

	/**
	 * Returns the context of the request the current thread works for, if it has a deadline.
	 */
	static DefaultRequestContext current() {
		DefaultRequestContext context = RequestContextHolder.get();
		return (context != null && context.deadline() != null) ? context : null;
	}

	/**
	 * Returns the current request's deadline if it has passed, else {@code null}.
	 */
	static Deadline spent() {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		return (deadline != null && deadline.isExpired()) ? deadline : null;
	}

	/**
	 * Returns whether the request's budget is spent or shorter than {@code waitMillis}, so that
	 * an attempt after that wait could not finish in time.
	 */
	static boolean noTimeFor(DefaultRequestContext context, long waitMillis) {
		Deadline deadline = context.deadline();
		if (deadline == null) {
			return false;
		}
		long remaining = deadline.remainingNanos();
		return remaining == 0 || remaining <= TimeUnit.MILLISECONDS.toNanos(Math.max(waitMillis, 0));
	}

	/**
	 * Returns whether the request's deadline has passed.
	 */
	static boolean isSpent(DefaultRequestContext context) {
		Deadline deadline = context.deadline();
		return deadline != null && deadline.isExpired();
	}

	/**
	 * Returns whether {@code failure} is, or was caused by, a {@link DeadlineExceededException}.
	 */
	static boolean causedByDeadline(Throwable failure) {
		Throwable current = failure;
		for (int i = 0; current != null && i < MAX_CAUSES; i++) {
			if (current instanceof DeadlineExceededException) {
				return true;
			}
			Throwable cause = current.getCause();
			current = (cause != current) ? cause : null;
		}
		return false;
	}

	/**
	 * Returns {@code duration} in nanoseconds, saturated instead of overflowing.
	 */
	static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? 0 : Long.MAX_VALUE;
		}
	}

}
