package io.middlewaretrace.deadline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The deadline value: monotonic, never negative, only ever shortened.
 */
class DeadlineTests {

	@Test
	void remainingCountsDownAndNeverGoesNegative() {
		// counting across the wrap of a long, as System.nanoTime() may
		FakeTicker ticker = new FakeTicker(Long.MAX_VALUE - Duration.ofMillis(10).toNanos());
		Deadline deadline = Deadline.ofNanos(ticker.nanoTime(), Duration.ofMillis(30).toNanos(), "test", ticker);
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(30));
		assertThat(deadline.isExpired()).isFalse();
		ticker.advance(Duration.ofMillis(10));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(20));
		assertThat(deadline.remainingMillis()).isEqualTo(20);
		ticker.advance(Duration.ofMillis(20).toNanos() - 1);
		assertThat(deadline.remainingNanos()).isOne();
		assertThat(deadline.isExpired()).isFalse();
		ticker.advance(1);
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remainingNanos()).isZero();
		ticker.advance(Duration.ofMillis(10));
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remainingNanos()).isZero();
		assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
	}

	@Test
	void lessThanAMillisecondLeftIsNoTimeThoughTheDeadlineHasNotPassed() {
		Deadline deadline = StoppedClockDeadlines.leaving(999_999, Duration.ofSeconds(1));
		assertThat(deadline.isExpired()).isFalse();
		assertThat(deadline.remainingNanos()).isEqualTo(999_999);
		assertThat(deadline.usableNanos(0)).isZero();
		assertThat(deadline.remainingMillis()).isZero();
	}

	@Test
	void aMillisecondLeftAfterTheReserveIsUsable() {
		Deadline deadline = StoppedClockDeadlines.leaving(11_000_000, Duration.ofSeconds(1));
		assertThat(deadline.usableNanos(0)).isEqualTo(11_000_000);
		assertThat(deadline.usableNanos(10_000_000)).isEqualTo(1_000_000);
		assertThat(deadline.usableNanos(10_000_001)).isZero();
	}

	@Test
	void earliestPicksTheDeadlineThatPassesFirst() {
		long now = System.nanoTime();
		Deadline soon = Deadline.of(now, Duration.ofMillis(100), "header X-Request-Timeout-Ms");
		Deadline later = Deadline.of(now, Duration.ofSeconds(30), "default");
		assertThat(soon.earliest(later)).isSameAs(soon);
		assertThat(later.earliest(soon)).isSameAs(soon);
		assertThat(later.earliest(null)).isSameAs(later);
	}

	@Test
	void aBudgetMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Deadline.after(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> Deadline.after(Duration.ofMillis(-1)));
	}

	@Test
	void anOverflowingBudgetSaturates() {
		Deadline deadline = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(deadline.isExpired()).isFalse();
		assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 50));
	}

	@Test
	void aRequestDeadlineIsShortenedButNeverExtended() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Deadline initial = Deadline.of(context.startNanos(), Duration.ofSeconds(1), "default");
		context.startDeadline(initial, null);
		assertThat(context.shortenDeadline(Duration.ofSeconds(10))).isSameAs(initial);
		Deadline shorter = context.shortenDeadline(Duration.ofMillis(100));
		assertThat(shorter.remainingMillis()).isLessThanOrEqualTo(100);
		assertThat(shorter.source()).isEqualTo("code");
		assertThat(context.deadline()).isSameAs(shorter);
	}

	@Test
	void hooksRunOnceWhenTheRequestTimesOutAndNotAfterTheyAreClosed() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		DeadlineState state = DeadlineState.start(context, Deadline.after(Duration.ofSeconds(1)));
		StringBuilder ran = new StringBuilder();
		context.onDeadline(() -> ran.append("a"));
		context.onDeadline(() -> ran.append("b")).close();
		assertThat(state.markTimedOut("jdbc.execute")).isTrue();
		assertThat(state.markTimedOut("handler")).isFalse();
		assertThat(ran).hasToString("a");
		assertThat(state.timedOutPhase()).isEqualTo("jdbc.execute");
		// registered after the timeout: runs at once
		context.onDeadline(() -> ran.append("c"));
		assertThat(ran).hasToString("ac");
	}

	@Test
	void theBlamedPhaseIsTheInnermostOneRunningWhenTheDeadlinePassed() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		Phase early = context.phases().start("jdbc.execute", "select 1");
		early.end(Phase.OK);
		Phase call = context.phases().start("http.call", "GET http://x/");
		Phase lease = context.phases().start("http.lease", "pool");
		// a 40 ms budget that runs out now, with both running: no need to sleep until it does
		long passed = System.nanoTime();
		long budget = Duration.ofMillis(40).toNanos();
		context.startDeadline(Deadline.ofNanos(passed - budget, budget, "test"), null);
		// both ended after the deadline, the client's own timeout first: the inner one is blamed
		lease.end(Phase.FAILED);
		call.end(Phase.FAILED);
		assertThat(context.deadline().isExpired()).isTrue();
		assertThat(DeadlineBlame.phaseAtDeadline(context)).isEqualTo("http.lease");
		DefaultRequestContext idle = DefaultRequestContext.builder("GET").build();
		Phase ended = idle.phases().start("jdbc.execute", "select 1");
		ended.end(Phase.OK);
		// passes 30 ms after the phase ended, far beyond the tolerance for rounded timeouts:
		// nothing was running when it passed
		idle.startDeadline(Deadline.ofNanos(ended.endNanos(), Duration.ofMillis(30).toNanos(), "test"), null);
		assertThat(DeadlineBlame.phaseAtDeadline(idle)).isNull();
	}

}
