package io.middlewaretrace.leak;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LeakSweeperTests {

	@Test
	void sweepsEverySourceOnOneThreadAndSurvivesAFailingSource() throws InterruptedException {
		CountDownLatch swept = new CountDownLatch(3);
		AtomicInteger failures = new AtomicInteger();
		Thread[] sweeperThread = new Thread[1];
		LeakSource failing = new TestSource("failing") {
			@Override
			public void sweep(long nowNanos) {
				failures.incrementAndGet();
				throw new IllegalStateException("boom");
			}
		};
		LeakSource counting = new TestSource("counting") {
			@Override
			public void sweep(long nowNanos) {
				sweeperThread[0] = Thread.currentThread();
				swept.countDown();
			}
		};
		try (LeakSweeper sweeper = new LeakSweeper(Duration.ofMillis(20), List.of(failing, counting))) {
			assertThat(sweeper.isRunning()).isTrue();
			assertThat(swept.await(5, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(failures.get()).isGreaterThanOrEqualTo(3);
		assertThat(sweeperThread[0].getName()).isEqualTo(LeakSweeper.THREAD_NAME);
		assertThat(sweeperThread[0].isDaemon()).isTrue();
		sweeperThread[0].join(2000);
		assertThat(sweeperThread[0].isAlive()).isFalse();
	}

	@Test
	void startsNoThreadWithoutSources() {
		try (LeakSweeper sweeper = new LeakSweeper(Duration.ofMillis(20), List.of())) {
			assertThat(sweeper.isRunning()).isFalse();
			sweeper.sweepNow();
		}
	}

	@Test
	void rejectsATinyInterval() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LeakSweeper(Duration.ofMillis(1), List.of()));
	}

	static class TestSource implements LeakSource {

		private final String name;

		TestSource(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public Object describe(boolean showValues) {
			return Map.of();
		}

		@Override
		public LeakHealth health() {
			return new LeakHealth(false, false, Map.of());
		}

	}

}
