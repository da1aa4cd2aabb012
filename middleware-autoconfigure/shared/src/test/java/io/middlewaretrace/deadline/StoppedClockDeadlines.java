package io.middlewaretrace.deadline;

import java.time.Duration;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Deadlines on a clock that stands still: a request stays exactly as far from its deadline as
 * a test puts it, whatever the machine's load. The stopped clock reads an hour ahead of
 * {@link System#nanoTime()}, so the watchdog, which reads deadlines on the system clock, sees
 * them an hour away and never fires for them during a test.
 */
final class StoppedClockDeadlines {

	private StoppedClockDeadlines() {
	}

	/**
	 * A deadline of {@code budget} that stays {@code leftNanos} from passing.
	 */
	static Deadline leaving(long leftNanos, Duration budget) {
		long now = System.nanoTime() + Duration.ofHours(1).toNanos();
		long budgetNanos = budget.toNanos();
		return Deadline.ofNanos(now - (budgetNanos - leftNanos), budgetNanos, "test", () -> now);
	}

	/**
	 * Replaces the deadline of the current request with one that stays {@code leftNanos} from
	 * passing, keeping the request's deadline guard.
	 */
	static Deadline stopCurrent(long leftNanos) {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline stopped = leaving(leftNanos, Duration.ofSeconds(1));
		context.startDeadline(stopped, context.deadlineOwner());
		return stopped;
	}

}
