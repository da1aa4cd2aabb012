package io.middlewaretrace.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared watchdog: fires each watched deadline once, when it passes, never one that was
 * unwatched in time, sleeps while every deadline is far away, and wakes when an earlier one is
 * watched or a deadline moves earlier.
 * <p>
 * What it decides is tested without its thread, on a {@link FakeTicker}: the test plays the
 * thread ({@link #runThreadUntil(long)}), waking it exactly when it asks to, so that each
 * assertion holds at an exact reading, whatever the machine's load. The last tests run the
 * real thread, to show it wakes on time and keeps its list straight under concurrent watchers.
 */
class DeadlineWatchdogTests {

	private static final Duration RESOLUTION = Duration.ofMillis(5);

	private final FakeTicker ticker = new FakeTicker();

	private final long start = this.ticker.nanoTime();

	private final DeadlineWatchdog watchdog = new DeadlineWatchdog(RESOLUTION, this.ticker, null);

	@AfterEach
	void close() {
		this.watchdog.close();
	}

	@Test
	void firesAWatchedDeadlineOnceWhenItPasses() {
		Probe probe = new Probe(this.ticker, at(50));
		this.watchdog.watch(probe);
		// the thread sleeps until the deadline, not a resolution at a time
		assertThat(this.watchdog.tick()).isEqualTo(at(50));
		this.ticker.advanceTo(at(50) - 1);
		this.watchdog.tick();
		assertThat(probe.count.get()).isZero();
		this.ticker.advanceTo(at(50));
		this.watchdog.tick();
		assertThat(probe.count.get()).isOne();
		assertThat(probe.firedAt.get()).isEqualTo(at(50));
		assertThat(this.watchdog.watched()).isZero();
		runThreadUntil(at(10_000));
		assertThat(probe.count.get()).isOne();
	}

	@Test
	void neverFiresADeadlineUnwatchedInTime() {
		Probe probe = new Probe(this.ticker, at(40));
		this.watchdog.watch(probe);
		runThreadUntil(at(39));
		this.watchdog.unwatch(probe);
		runThreadUntil(at(1_000));
		assertThat(probe.count.get()).isZero();
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void neverRunsAWithdrawnHook() {
		List<String> ran = new ArrayList<>();
		DeadlineHook withdrawn = this.watchdog.schedule(() -> ran.add("withdrawn"), ms(10));
		this.watchdog.schedule(() -> ran.add("kept"), ms(10));
		DeadlineState request = requestWithDeadline(ms(10));
		this.watchdog.watch(request, "handler").close();
		withdrawn.close();
		runThreadUntil(at(1_000));
		assertThat(ran).containsExactly("kept");
		assertThat(request.isTimedOut()).isFalse();
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void marksOnlyTheRequestWhoseDeadlinePassedBlamingItsPhaseAndRunsItsActions() {
		DeadlineState soon = requestWithDeadline(ms(100));
		DeadlineState later = requestWithDeadline(ms(200));
		List<String> ran = new ArrayList<>();
		soon.onDeadline(() -> ran.add("cancel soon's statement"));
		later.onDeadline(() -> ran.add("abort later's call"));
		this.watchdog.watch(soon, "jdbc.execute");
		this.watchdog.watch(later, "http.call");
		runThreadUntil(at(100) - 1);
		assertThat(soon.isTimedOut()).isFalse();
		runThreadUntil(at(100));
		assertThat(soon.isTimedOut()).isTrue();
		assertThat(soon.timedOutPhase()).isEqualTo("jdbc.execute");
		assertThat(later.isTimedOut()).isFalse();
		assertThat(ran).containsExactly("cancel soon's statement");
		runThreadUntil(at(200));
		assertThat(later.timedOutPhase()).isEqualTo("http.call");
		assertThat(ran).containsExactly("cancel soon's statement", "abort later's call");
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void actsOnADeadlineMovedEarlierOnceTold() {
		Probe probe = new Probe(this.ticker, at(30_000));
		this.watchdog.watch(probe);
		assertThat(this.watchdog.tick()).isEqualTo(at(30_000));
		probe.deadline = at(20);
		// not told, and not polled: woken now, the thread still sleeps towards 30 s
		assertThat(this.watchdog.tick()).isEqualTo(at(30_000));
		this.watchdog.rescheduled(probe);
		assertThat(this.watchdog.tick()).isEqualTo(at(20));
		runThreadUntil(at(20));
		assertThat(probe.count.get()).isOne();
		assertThat(probe.firedAt.get()).isEqualTo(at(20));
	}

	@Test
	void readsAPolledDeadlineOnEveryTickWithoutBeingTold() {
		Probe probe = new Probe(this.ticker, at(30_000));
		probe.polled = true;
		this.watchdog.watch(probe);
		long scans = this.watchdog.scans();
		runThreadUntil(at(50));
		// one check per resolution while a polled deadline is watched
		assertThat(this.watchdog.scans() - scans).isEqualTo(10);
		probe.deadline = at(57);
		runThreadUntil(at(60));
		// seen on the first tick after it passed
		assertThat(probe.count.get()).isOne();
		assertThat(probe.firedAt.get()).isEqualTo(at(60));
		assertThat(this.watchdog.watched()).isZero();
		// nothing polled is watched any more: the ticking stops
		assertThat(this.watchdog.tick() - at(60)).isGreaterThan(Duration.ofDays(365).toNanos());
	}

	@Test
	void sleepsWhileEveryDeadlineIsFarAway() {
		Probe[] probes = new Probe[50];
		for (int i = 0; i < probes.length; i++) {
			probes[i] = new Probe(this.ticker, at(30_000 + i * 1_000));
			this.watchdog.watch(probes[i]);
		}
		long scans = this.watchdog.scans();
		assertThat(this.watchdog.tick()).isEqualTo(at(30_000));
		// a watchdog ticking every 5 ms would check the list about 6000 times by then
		runThreadUntil(at(30_000) - 1);
		assertThat(this.watchdog.scans() - scans).isZero();
		for (Probe probe : probes) {
			this.watchdog.unwatch(probe);
			assertThat(probe.count.get()).isZero();
		}
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void wakesForAnEarlierDeadlineWhileSleepingTowardsALaterOne() {
		Probe far = new Probe(this.ticker, at(30_000));
		this.watchdog.watch(far);
		runThreadUntil(at(50));
		Probe near = new Probe(this.ticker, at(80));
		this.watchdog.watch(near);
		// the watch woke the thread: it now sleeps towards the near deadline
		assertThat(this.watchdog.tick()).isEqualTo(at(80));
		runThreadUntil(at(80));
		assertThat(near.count.get()).isOne();
		assertThat(near.firedAt.get()).isEqualTo(at(80));
		assertThat(far.count.get()).isZero();
		assertThat(this.watchdog.watched()).isOne();
		assertThat(this.watchdog.tick()).isEqualTo(at(30_000));
	}

	@Test
	void wakesFromIdleWhenADeadlineIsWatched() {
		// nothing watched: the thread parks until the next watch
		assertThat(this.watchdog.tick() - this.start).isGreaterThan(Duration.ofDays(365).toNanos());
		runThreadUntil(at(200));
		Probe probe = new Probe(this.ticker, at(220));
		this.watchdog.watch(probe);
		assertThat(this.watchdog.tick()).isEqualTo(at(220));
		runThreadUntil(at(220));
		assertThat(probe.firedAt.get()).isEqualTo(at(220));
	}

	@Test
	void firesManyDeadlinesInOrderOfExpiry() {
		List<long[]> fired = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			long delay = ms(1 + (i * 37) % 100);
			long due = this.ticker.nanoTime() + delay;
			this.watchdog.schedule(() -> fired.add(new long[] { due, this.ticker.nanoTime() }), delay);
		}
		runThreadUntil(at(200));
		assertThat(fired).hasSize(200);
		long lastFiredAt = this.start;
		long latestDueOfEarlierWakeUps = this.start;
		long latestDue = this.start;
		for (long[] firing : fired) {
			long due = firing[0];
			long firedAt = firing[1];
			assertThat(firedAt - due).isBetween(0L, RESOLUTION.toNanos() - 1);
			if (firedAt != lastFiredAt) {
				latestDueOfEarlierWakeUps = latestDue;
				lastFiredAt = firedAt;
			}
			// a deadline that passed earlier is never acted on in a later wake-up
			assertThat(due - latestDueOfEarlierWakeUps).isPositive();
			if (due - latestDue > 0) {
				latestDue = due;
			}
		}
		assertThat(this.watchdog.watched()).isZero();
	}

	@Test
	void coalescesDeadlinesPassingWithinAResolutionIntoOneWakeUp() {
		Probe[] close = { new Probe(this.ticker, at(1)), new Probe(this.ticker, at(2)), new Probe(this.ticker, at(3)),
				new Probe(this.ticker, at(4)) };
		for (Probe probe : close) {
			this.watchdog.watch(probe);
		}
		Probe apart = new Probe(this.ticker, at(20));
		this.watchdog.watch(apart);
		long scans = this.watchdog.scans();
		runThreadUntil(at(20));
		assertThat(close[0].firedAt.get()).isEqualTo(at(1));
		// a resolution after the last check, not at each of their deadlines
		for (int i = 1; i < close.length; i++) {
			assertThat(close[i].firedAt.get()).isEqualTo(at(6));
		}
		// and a deadline further away than that at its own time
		assertThat(apart.firedAt.get()).isEqualTo(at(20));
		assertThat(this.watchdog.scans() - scans).isEqualTo(3);
	}

	@Test
	void anActionScheduledAfterAnotherFiresAtItsOwnTime() {
		List<String> fired = new ArrayList<>();
		this.watchdog.schedule(() -> {
			fired.add("first at " + sinceStart());
			// the follow-up of a deadline action: repeat a cancel the driver ignored
			this.watchdog.schedule(() -> fired.add("follow-up at " + sinceStart()), ms(30));
		}, ms(100));
		runThreadUntil(at(10));
		this.watchdog.schedule(() -> fired.add("second at " + sinceStart()), ms(50));
		this.watchdog.schedule(() -> fired.add("third at " + sinceStart()), ms(150));
		runThreadUntil(at(1_000));
		assertThat(fired).containsExactly("second at 60ms", "first at 100ms", "follow-up at 130ms", "third at 160ms");
	}

	@Test
	void aDeadlineAlreadyPassedWhenWatchedFiresAtOnce() {
		List<String> fired = new ArrayList<>();
		this.watchdog.schedule(() -> fired.add("no delay"), 0);
		this.watchdog.tick();
		assertThat(fired).containsExactly("no delay");
		// a check just happened: the next ones are not held back by the resolution
		Probe passed = new Probe(this.ticker, this.ticker.nanoTime() - ms(1));
		this.watchdog.watch(passed);
		this.watchdog.schedule(() -> fired.add("negative delay"), -ms(5));
		DeadlineState request = requestWithDeadline(ms(1));
		this.ticker.advance(ms(1));
		this.watchdog.watch(request, "handler");
		this.watchdog.tick();
		assertThat(passed.count.get()).isOne();
		assertThat(passed.firedAt.get()).isEqualTo(at(1));
		assertThat(fired).containsExactly("no delay", "negative delay");
		assertThat(request.timedOutPhase()).isEqualTo("handler");
	}

	@Test
	void anActionThatThrowsStopsNeitherTheOthersNorTheWatchdog() {
		List<String> fired = new ArrayList<>();
		this.watchdog.schedule(() -> {
			throw new IllegalStateException("a cancel that failed, as the watchdog logs");
		}, ms(1));
		this.watchdog.schedule(() -> fired.add("same wake-up"), ms(1));
		this.watchdog.schedule(() -> fired.add("later"), ms(20));
		runThreadUntil(at(1_000));
		assertThat(fired).containsExactly("same wake-up", "later");
	}

	@Test
	void closeStopsIt() throws InterruptedException {
		Probe probe = new Probe(this.ticker, at(10));
		this.watchdog.watch(probe);
		this.watchdog.close();
		this.ticker.advanceTo(at(1_000));
		this.watchdog.tick();
		assertThat(probe.count.get()).isZero();
		AtomicReference<Thread> thread = new AtomicReference<>();
		DeadlineWatchdog threaded = new DeadlineWatchdog(RESOLUTION, Ticker.SYSTEM, (run) -> {
			Thread started = new Thread(run, "closed-watchdog");
			started.setDaemon(true);
			thread.set(started);
			return started;
		});
		threaded.close();
		thread.get().join(TimeUnit.SECONDS.toMillis(5));
		assertThat(thread.get().isAlive()).isFalse();
	}

	@Test
	void rejectsAResolutionOutsideItsRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DeadlineWatchdog(Duration.ofNanos(10)));
		assertThatIllegalArgumentException().isThrownBy(() -> new DeadlineWatchdog(Duration.ofSeconds(2)));
	}

	@Test
	void theThreadWakesOnTimeForAnEarlierDeadlineAndSurvivesAFailingAction() throws InterruptedException {
		try (DeadlineWatchdog real = new DeadlineWatchdog(RESOLUTION)) {
			// parked with nothing watched; each watch below is earlier than what it sleeps towards
			Probe far = new Probe(Ticker.SYSTEM, System.nanoTime() + Duration.ofSeconds(30).toNanos());
			real.watch(far);
			real.schedule(() -> {
				throw new IllegalStateException("a cancel that failed, as the watchdog logs");
			}, 0);
			Probe near = new Probe(Ticker.SYSTEM, System.nanoTime() + Duration.ofMillis(50).toNanos());
			real.watch(near);
			assertThat(near.fired.await(5, TimeUnit.SECONDS)).isTrue();
			// generous: only a thread that slept towards the far deadline would be seconds late
			assertThat(near.firedAt.get() - near.deadline).isBetween(0L, Duration.ofSeconds(1).toNanos());
			assertThat(near.count.get()).isOne();
			assertThat(far.count.get()).isZero();
			assertThat(real.watched()).isOne();
		}
	}

	@Test
	void theThreadFiresEveryDueDeadlineOnceAndNoneWithdrawnWhileManyThreadsWatch() throws Exception {
		int threads = 4;
		int each = 250;
		Probe[][] kept = new Probe[threads][each];
		Probe[][] withdrawn = new Probe[threads][each];
		DeadlineState[][] keptRequests = new DeadlineState[threads][each];
		DeadlineState[][] withdrawnRequests = new DeadlineState[threads][each];
		CountDownLatch keptRequestsMarked = new CountDownLatch(threads * each);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		try (DeadlineWatchdog real = new DeadlineWatchdog(Duration.ofMillis(1))) {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Thread watcher = new Thread(() -> {
					try {
						go.await();
						for (int i = 0; i < each; i++) {
							long now = System.nanoTime();
							Probe due = new Probe(Ticker.SYSTEM, now + ms(i % 10));
							kept[thread][i] = due;
							real.watch(due);
							Probe unwatched = new Probe(Ticker.SYSTEM, now + Duration.ofHours(1).toNanos());
							withdrawn[thread][i] = unwatched;
							real.watch(unwatched);
							real.unwatch(unwatched);
							// were it still watched, the next check would fire it
							unwatched.deadline = now - Duration.ofHours(1).toNanos();
							DeadlineState request = DeadlineState.start(DefaultRequestContext.builder("GET").build(),
									Deadline.ofNanos(now, ms(1 + i % 10), "test"));
							request.onDeadline(keptRequestsMarked::countDown);
							keptRequests[thread][i] = request;
							real.watch(request, "kept");
							DeadlineState closed = DeadlineState.start(DefaultRequestContext.builder("GET").build(),
									Deadline.ofNanos(now, Duration.ofHours(1).toNanos(), "test"));
							withdrawnRequests[thread][i] = closed;
							real.watch(closed, "withdrawn").close();
							closed.context().shortenDeadline(Duration.ofNanos(1));
						}
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
					}
					finally {
						done.countDown();
					}
				});
				watcher.setDaemon(true);
				watcher.start();
			}
			go.countDown();
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(failure.get()).isNull();
			// one bound for them all, so that a watchdog that never wakes fails in seconds
			long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			for (Probe[] probes : kept) {
				for (Probe probe : probes) {
					assertThat(probe.fired.await(giveUp - System.nanoTime(), TimeUnit.NANOSECONDS)).isTrue();
				}
			}
			assertThat(keptRequestsMarked.await(giveUp - System.nanoTime(), TimeUnit.NANOSECONDS)).isTrue();
			// the first sentinel's check read every deadline still watched, all passed by now;
			// the second is acted on only after every action of that check ran
			for (int i = 0; i < 2; i++) {
				Probe sentinel = new Probe(Ticker.SYSTEM, System.nanoTime());
				real.watch(sentinel);
				assertThat(sentinel.fired.await(10, TimeUnit.SECONDS)).isTrue();
			}
			for (int t = 0; t < threads; t++) {
				for (int i = 0; i < each; i++) {
					assertThat(kept[t][i].count.get()).isOne();
					assertThat(withdrawn[t][i].count.get()).isZero();
					assertThat(keptRequests[t][i].timedOutPhase()).isEqualTo("kept");
					assertThat(withdrawnRequests[t][i].isTimedOut()).isFalse();
				}
			}
			assertThat(real.watched()).isZero();
		}
	}

	/**
	 * Plays the watchdog's thread on the fake clock: woken now, it then wakes exactly when it
	 * asks to (an ideal scheduler), until the clock reads {@code until}, where it is left asleep.
	 */
	private void runThreadUntil(long until) {
		long wakeAt = this.watchdog.tick();
		for (int wakeUps = 0; wakeAt - until <= 0; wakeUps++) {
			assertThat(wakeUps).as("wake-ups before the clock reads " + until).isLessThan(1_000_000);
			if (wakeAt - this.ticker.nanoTime() > 0) {
				this.ticker.advanceTo(wakeAt);
			}
			wakeAt = this.watchdog.tick();
		}
		this.ticker.advanceTo(until);
	}

	/**
	 * A request whose deadline, on the fake clock, passes {@code budgetNanos} from now.
	 */
	private DeadlineState requestWithDeadline(long budgetNanos) {
		return DeadlineState.start(DefaultRequestContext.builder("GET").build(),
				Deadline.ofNanos(this.ticker.nanoTime(), budgetNanos, "test", this.ticker));
	}

	private long at(long millis) {
		return this.start + ms(millis);
	}

	private String sinceStart() {
		return Duration.ofNanos(this.ticker.nanoTime() - this.start).toMillis() + "ms";
	}

	private static long ms(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

	static final class Probe extends WatchedDeadline {

		private final Ticker clock;

		volatile long deadline;

		volatile boolean polled;

		final CountDownLatch fired = new CountDownLatch(1);

		final AtomicInteger count = new AtomicInteger();

		final AtomicLong firedAt = new AtomicLong();

		Probe(Ticker clock, long deadline) {
			this.clock = clock;
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
			this.firedAt.compareAndSet(0, this.clock.nanoTime());
			this.count.incrementAndGet();
			this.fired.countDown();
		}

	}

}
