package io.middlewaretrace.deadline.jdbc;

import java.time.Duration;
import java.util.Arrays;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineState;
import io.middlewaretrace.deadline.DeadlineWatchdog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binds a request context with a deadline to the test's thread, the way the deadline filter
 * does, with the real shared watchdog marking it timed out when the deadline passes.
 */
final class TestDeadlines implements AutoCloseable {

	static final DeadlineWatchdog WATCHDOG = new DeadlineWatchdog(Duration.ofMillis(5));

	final DefaultRequestContext context;

	final DeadlineState state;

	final Deadline deadline;

	private TestDeadlines(DefaultRequestContext context, DeadlineState state, Deadline deadline) {
		this.context = context;
		this.state = state;
		this.deadline = deadline;
	}

	/**
	 * A request whose deadline passes after {@code budget}, watched by the watchdog.
	 */
	static TestDeadlines watched(Duration budget) {
		TestDeadlines request = unwatched(budget);
		WATCHDOG.schedule(() -> request.state.markTimedOut(blame(request.context)),
				request.deadline.remainingNanos());
		return request;
	}

	/**
	 * A request with a deadline nobody watches: no cancellation hook ever fires.
	 */
	static TestDeadlines unwatched(Duration budget) {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Deadline deadline = Deadline.of(System.nanoTime(), budget, "test");
		DeadlineState state = DeadlineState.start(context, deadline);
		RequestContextHolder.set(context);
		return new TestDeadlines(context, state, deadline);
	}

	private static String blame(DefaultRequestContext context) {
		var open = context.phases().innermostOpen();
		return (open != null) ? open.name() : "test";
	}

	long overshootMillis() {
		return (System.nanoTime() - this.deadline.deadlineNanos()) / 1_000_000L;
	}

	@Override
	public void close() {
		RequestContextHolder.clear();
	}

	/**
	 * The median of three cancellations within 50 ms of the deadline (the machine is shared and
	 * noisy, and the first request of a server is cold), none near the whole second the query
	 * timeout backstop would take for a 300 ms budget.
	 */
	static void assertPrecise(long[] overshoots) {
		long[] sorted = overshoots.clone();
		Arrays.sort(sorted);
		assertThat(sorted[1]).as("median overshoot (ms) of %s", Arrays.toString(overshoots)).isLessThan(50);
		assertThat(sorted[2]).as("worst overshoot (ms) of %s", Arrays.toString(overshoots)).isLessThan(500);
	}

}
