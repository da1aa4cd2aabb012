package io.middlewaretrace.leak.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.TaskTracker;
import io.middlewaretrace.leak.LeakKind;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.leak.StackFrames;
import io.middlewaretrace.support.RecentRing;

/**
 * Tasks started on a request's behalf (on Spring-managed executors and {@code @Async}) that
 * outlive it: the {@code tasks} section of the leaks endpoint and the {@link TaskTracker} of the
 * starter's task decorator. Each task is a lease of its request; a task that ends before its
 * request completes costs its lease and nothing else. One still queued or running when the
 * request completes is followed, and the sweep reports it as leaked once it is still running
 * {@code threshold} after the request ended: trace id, route, task, thread name, and the
 * thread's current stack, once per task.
 * <p>
 * At most {@code maxTracked} tasks are tracked at once; beyond, tasks run untracked and are
 * counted. Leaked tasks are kept in a ring of the most recent.
 *
 * @since 0.1.0
 */
public class TaskLeaks implements LeakSource, TaskTracker {

	/**
	 * Section name in the leaks endpoint.
	 */
	public static final String NAME = "tasks";

	private static final Log logger = LogFactory.getLog(TaskLeaks.class);

	private final long thresholdNanos;

	private final int maxFrames;

	private final int maxTracked;

	private final LeakMetrics metrics;

	private final RecentRing<LeakedTask> leaked;

	private final Queue<OutlivedTask> outlived = new ConcurrentLinkedQueue<>();

	private final AtomicInteger tracked = new AtomicInteger();

	private final AtomicInteger leakedRunning = new AtomicInteger();

	private final AtomicLong untracked = new AtomicLong();

	private final AtomicLong leakedTotal = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	/**
	 * Creates the source.
	 * @param threshold how long a task may run after its request ended before it is reported
	 * @param maxFrames frames of a leaked task's stack kept, application frames first
	 * @param maxTracked tasks tracked at once at most
	 * @param recent leaked tasks kept for the endpoint
	 * @param metrics where leak counts go
	 */
	public TaskLeaks(Duration threshold, int maxFrames, int maxTracked, int recent, LeakMetrics metrics) {
		this.thresholdNanos = threshold.toNanos();
		this.maxFrames = maxFrames;
		this.maxTracked = maxTracked;
		this.metrics = metrics;
		this.leaked = new RecentRing<>(recent);
	}

	@Override
	public Task track(DefaultRequestContext submitter, Runnable task) {
		if (this.tracked.incrementAndGet() > this.maxTracked) {
			this.tracked.decrementAndGet();
			this.untracked.incrementAndGet();
			return null;
		}
		TrackedTask tracked = new TrackedTask(this, submitter, task);
		submitter.attach(tracked);
		return tracked;
	}

	void outlived(TrackedTask task) {
		OutlivedTask reference = new OutlivedTask(task);
		task.outlived = reference;
		if (task.state() == TrackedTask.DONE) {
			// ended while the request was completing: nothing to follow
			reference.done = true;
			return;
		}
		this.outlived.add(reference);
	}

	void ended(TrackedTask task) {
		this.tracked.decrementAndGet();
		LeakedTask leak = task.leaked;
		if (leak != null && leak.finished()) {
			this.leakedRunning.decrementAndGet();
		}
	}

	@Override
	public void sweep(long nowNanos) {
		for (Iterator<OutlivedTask> iterator = this.outlived.iterator(); iterator.hasNext();) {
			OutlivedTask reference = iterator.next();
			TrackedTask task = reference.get();
			if (task == null || task.state() == TrackedTask.DONE) {
				iterator.remove();
				if (task == null && !reference.done) {
					// dropped by its executor without running
					this.tracked.decrementAndGet();
					this.dropped.incrementAndGet();
				}
				continue;
			}
			if (task.leaked == null && task.state() == TrackedTask.RUNNING
					&& nowNanos - task.requestEndedNanos >= this.thresholdNanos) {
				leaked(task, nowNanos);
			}
		}
	}

	private void leaked(TrackedTask task, long nowNanos) {
		Thread thread = task.thread;
		if (thread == null) {
			return;
		}
		StackTraceElement[] stack = thread.getStackTrace();
		if (task.thread != thread || task.state() != TrackedTask.RUNNING) {
			// ended meanwhile: the stack may be the thread's next task's
			return;
		}
		long afterRequestMillis = Duration.ofNanos(nowNanos - task.requestEndedNanos).toMillis();
		LeakedTask leak = new LeakedTask(task, thread.getName(), afterRequestMillis,
				StackFrames.of(stack, this.maxFrames));
		this.leakedRunning.incrementAndGet();
		task.leaked = leak;
		if (task.state() == TrackedTask.DONE && leak.finished()) {
			// ended between the check and the assignment, maybe without seeing the leak
			this.leakedRunning.decrementAndGet();
		}
		this.leakedTotal.incrementAndGet();
		this.leaked.add(leak);
		this.metrics.leaked(LeakKind.TASK, task.route);
		logger.warn("Task " + task.task + " started by request (traceId=" + task.traceId + ", route=" + task.route
				+ ") is still running on thread " + thread.getName() + " " + afterRequestMillis
				+ " ms after the request ended");
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object describe(boolean showValues) {
		Map<String, Object> description = counts();
		description.put("thresholdMs", Duration.ofNanos(this.thresholdNanos).toMillis());
		description.put("running", runningPastThreshold(System.nanoTime()));
		List<Map<String, Object>> leaks = new ArrayList<>();
		for (LeakedTask leak : this.leaked.newestFirst()) {
			leaks.add(leak.describe());
		}
		description.put("leaked", leaks);
		return description;
	}

	private List<Map<String, Object>> runningPastThreshold(long nowNanos) {
		List<Map<String, Object>> running = new ArrayList<>();
		for (OutlivedTask reference : this.outlived) {
			TrackedTask task = reference.get();
			Thread thread = (task != null) ? task.thread : null;
			if (thread == null || task.state() != TrackedTask.RUNNING
					|| nowNanos - task.requestEndedNanos < this.thresholdNanos) {
				continue;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("traceId", task.traceId);
			entry.put("route", task.route);
			entry.put("task", task.task);
			entry.put("thread", thread.getName());
			entry.put("runningAfterRequestMs", Duration.ofNanos(nowNanos - task.requestEndedNanos).toMillis());
			entry.put("runningForMs", Duration.ofNanos(nowNanos - task.startNanos).toMillis());
			running.add(entry);
		}
		return running;
	}

	@Override
	public LeakHealth health() {
		return new LeakHealth(this.leakedRunning.get() > 0, false, counts());
	}

	private Map<String, Object> counts() {
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("tracked", this.tracked.get());
		counts.put("leakedRunning", this.leakedRunning.get());
		counts.put("leakedTotal", this.leakedTotal.get());
		counts.put("untracked", this.untracked.get());
		counts.put("droppedUnrun", this.dropped.get());
		return counts;
	}

}
