package io.middlewaretrace.leak.task;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task found running {@code threshold} after its request ended: the request (trace id, route),
 * the task, its thread's name and stack when found, and when it finished, if it did.
 */
final class LeakedTask {

	private final String traceId;

	private final String route;

	private final String task;

	private final String thread;

	private final long afterRequestMillis;

	private final long foundEpochMillis;

	private final List<String> frames;

	private volatile long finishedEpochMillis;

	LeakedTask(TrackedTask task, String thread, long afterRequestMillis, List<String> frames) {
		this.traceId = task.traceId;
		this.route = task.route;
		this.task = task.task;
		this.thread = thread;
		this.afterRequestMillis = afterRequestMillis;
		this.foundEpochMillis = System.currentTimeMillis();
		this.frames = frames;
	}

	/**
	 * Notes that the task finished; returns whether this call did (only the first does).
	 */
	synchronized boolean finished() {
		if (this.finishedEpochMillis != 0) {
			return false;
		}
		this.finishedEpochMillis = System.currentTimeMillis();
		return true;
	}

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("traceId", this.traceId);
		description.put("route", this.route);
		description.put("task", this.task);
		description.put("thread", this.thread);
		description.put("runningAfterRequestMs", this.afterRequestMillis);
		description.put("found", Instant.ofEpochMilli(this.foundEpochMillis).toString());
		long finished = this.finishedEpochMillis;
		description.put("finished", finished != 0);
		if (finished != 0) {
			description.put("finishedAt", Instant.ofEpochMilli(finished).toString());
		}
		description.put("frames", this.frames);
		return description;
	}

}
