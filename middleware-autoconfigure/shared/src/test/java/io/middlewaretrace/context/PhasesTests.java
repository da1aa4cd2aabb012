package io.middlewaretrace.context;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Phases} and {@link Phase} on clock readings of either sign:
 * {@link System#nanoTime()} may read negative, and a phase that ended at such a reading has
 * ended.
 */
class PhasesTests {

	private final Phases phases = new Phases(Phases.DEFAULT_CAPACITY);

	@Test
	void aPhaseThatEndedAtANegativeReadingHasEnded() {
		Phase phase = this.phases.start("jdbc.execute", "select 1", -3_000);
		phase.end(Phase.OK, -1_000);
		assertThat(phase.isOpen()).isFalse();
		assertThat(phase.endNanos()).isEqualTo(-1_000);
		assertThat(phase.outcome()).isEqualTo(Phase.OK);
		assertThat(this.phases.innermostOpen()).isNull();
	}

	@Test
	void onlyThePhaseRunningAtAMomentIsBlamedForIt() {
		Phase ended = this.phases.start("jdbc.acquire", null, -3_000);
		ended.end(Phase.OK, -2_000);
		Phase running = this.phases.start("jdbc.execute", null, -1_500);
		assertThat(this.phases.runningAt(-2_500, 0)).isSameAs(ended);
		assertThat(this.phases.runningAt(-1_000, 0)).isSameAs(running);
		running.end(Phase.DEADLINE, -500);
		assertThat(this.phases.runningAt(0, 0)).isNull();
		assertThat(this.phases.runningAt(0, 600)).isSameAs(running);
	}

	@Test
	void aPhaseEndsOnceWithItsFirstOutcome() {
		Phase phase = this.phases.start("http.call", null, 10);
		phase.end(Phase.DEADLINE, 20);
		phase.end(Phase.OK, 30);
		assertThat(phase.outcome()).isEqualTo(Phase.DEADLINE);
		assertThat(phase.endNanos()).isEqualTo(20);
	}

	@Test
	void aRunningPhaseHasNoEnd() {
		Phase phase = this.phases.start("http.call", null, -10);
		assertThat(phase.isOpen()).isTrue();
		assertThat(phase.endNanos()).isEqualTo(-1);
		assertThat(this.phases.innermostOpen()).isSameAs(phase);
	}

}
