package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared watchdog: fires each watched deadline once, about when it passes, never one that
 * was unwatched in time, sleeps while every deadline is far away, and wakes when an earlier one
 * is watched or a deadline moves earlier.
 */
class DeadlineWatchdogTests {

	private final DeadlineWatchdog watchdog = new DeadlineWatchdog(Duration.ofMillis(5));

	@AfterEach
	void close() {
		this.watchdog.close();
	}

	@Test
	void firesAWatchedDeadlineOnceShortlyAfterItPasses() throws InterruptedException {
		Probe probe = new Probe(System.nanoTime() + Duration.ofMillis(50).toNanos());
		this.watchdog.watch(probe);
		assertThat(probe.fired.await(2, TimeUnit.SECONDS)).isTrue();
		long lateMs = Duration.ofNanos(probe.firedAt.get() - probe.deadline).toMillis();
		assertThat(lateMs).isBetween(0L, 100L);
		Thread.sleep(30);
		assertThat(probe.count.get()).isEqualTo(1);
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void neverFiresADeadlineUnwatchedInTime() throws InterruptedException {
		Probe probe = new Probe(System.nanoTime() + Duration.ofMillis(40).toNanos());
		this.watchdog.watch(probe);
		this.watchdog.unwatch(probe);
		Thread.sleep(100);
		assertThat(probe.count.get()).isZero();
	}

	@Test
	void actsOnADeadlineMovedEarlierOnceTold() throws InterruptedException {
		Probe probe = new Probe(System.nanoTime() + Duration.ofSeconds(30).toNanos());
		this.watchdog.watch(probe);
		// the thread now sleeps towards the 30 s deadline
		Thread.sleep(50);
		probe.deadline = System.nanoTime() + Duration.ofMillis(20).toNanos();
		this.watchdog.rescheduled(probe);
		assertThat(probe.fired.await(2, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(probe.firedAt.get() - probe.deadline).toMillis()).isLessThan(100);
	}

	@Test
	void readsAPolledDeadlineOnEveryTickWithoutBeingTold() throws InterruptedException {
		Probe probe = new Probe(System.nanoTime() + Duration.ofSeconds(30).toNanos());
		probe.polled = true;
		this.watchdog.watch(probe);
		Thread.sleep(50);
		probe.deadline = System.nanoTime() + Duration.ofMillis(20).toNanos();
		assertThat(probe.fired.await(2, TimeUnit.SECONDS)).isTrue();
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void sleepsWhileEveryDeadlineIsFarAway() throws InterruptedException {
		Probe[] probes = new Probe[50];
		for (int i = 0; i < probes.length; i++) {
			probes[i] = new Probe(System.nanoTime() + Duration.ofSeconds(30 + i).toNanos());
			this.watchdog.watch(probes[i]);
		}
		long scansBefore = this.watchdog.scans();
		// a watchdog ticking every 5 ms would check the list about 60 times in 300 ms
		Thread.sleep(300);
		assertThat(this.watchdog.scans() - scansBefore).isLessThanOrEqualTo(1);
		for (Probe probe : probes) {
			this.watchdog.unwatch(probe);
			assertThat(probe.count.get()).isZero();
		}
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void wakesForAnEarlierDeadlineWhileSleepingTowardsALaterOne() throws InterruptedException {
		Probe far = new Probe(System.nanoTime() + Duration.ofSeconds(30).toNanos());
		this.watchdog.watch(far);
		Thread.sleep(50);
		Probe near = new Probe(System.nanoTime() + Duration.ofMillis(30).toNanos());
		this.watchdog.watch(near);
		assertThat(near.fired.await(2, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(near.firedAt.get() - near.deadline).toMillis()).isBetween(0L, 100L);
		assertThat(far.count.get()).isZero();
		assertThat(this.watchdog.watched()).isOne();
	}

	@Test
	void firesManyDeadlinesInOrderOfExpiry() throws InterruptedException {
		long now = System.nanoTime();
		Probe[] probes = new Probe[200];
		for (int i = 0; i < probes.length; i++) {
			probes[i] = new Probe(now + Duration.ofMillis(10 + (i % 20) * 5).toNanos());
			this.watchdog.watch(probes[i]);
		}
		for (Probe probe : probes) {
			assertThat(probe.fired.await(2, TimeUnit.SECONDS)).isTrue();
			assertThat(probe.firedAt.get()).isGreaterThanOrEqualTo(probe.deadline);
		}
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void wakesFromIdleWhenADeadlineIsWatched() throws InterruptedException {
		// nothing watched: the thread parks until the next watch
		Thread.sleep(200);
		Probe probe = new Probe(System.nanoTime() + Duration.ofMillis(20).toNanos());
		this.watchdog.watch(probe);
		assertThat(probe.fired.await(1, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(probe.firedAt.get() - probe.deadline).toMillis()).isLessThan(100);
	}

	@Test
	void rejectsAResolutionOutsideItsRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DeadlineWatchdog(Duration.ofNanos(10)));
		assertThatIllegalArgumentException().isThrownBy(() -> new DeadlineWatchdog(Duration.ofSeconds(2)));
	}

	static final class Probe extends WatchedDeadline {

		volatile long deadline;

		volatile boolean polled;

		final CountDownLatch fired = new CountDownLatch(1);

		final AtomicInteger count = new AtomicInteger();

		final AtomicLong firedAt = new AtomicLong();

		Probe(long deadline) {
			this.deadline = deadline;
		}

		@Override
		long deadlineNanos() {
			return this.deadline;
		}

		@Override
		boolean polled() {
			return this.polled;
		}

		@Override
		void deadlinePassed() {
			this.firedAt.compareAndSet(0, System.nanoTime());
			this.count.incrementAndGet();
			this.fired.countDown();
		}

	}

}
