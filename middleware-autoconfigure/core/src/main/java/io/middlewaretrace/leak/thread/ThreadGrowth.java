package io.middlewaretrace.leak.thread;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.support.RecentRing;

/**
 * The {@code threads} section of the leaks endpoint: the live thread count, read at every
 * sweep, against a baseline taken when the application is ready (or at the first sweep). The
 * limit is {@code growthFactor} times the baseline, capped at {@code max}; a count above it for
 * {@code sustain} is reported as growth until it comes back under. Past episodes are kept in a
 * ring of the most recent; the top thread-name prefixes are computed only when described.
 *
 * @since 0.1.0
 */
public class ThreadGrowth implements LeakSource {

	/**
	 * Section name in the leaks endpoint.
	 */
	public static final String NAME = "threads";

	/**
	 * How many thread-name prefixes the endpoint lists.
	 */
	static final int TOP_PREFIXES = 10;

	private static final Log logger = LogFactory.getLog(ThreadGrowth.class);

	private final ThreadMXBean threads;

	private final double growthFactor;

	private final int max;

	private final long sustainNanos;

	private final RecentRing<GrowthEpisode> episodes;

	// written by the sweeper thread (and the baseline once by the ready event), read by the endpoint

	private volatile int baseline = -1;

	private volatile int current;

	private volatile int peak;

	private volatile long aboveSinceNanos;

	private volatile long aboveSinceEpochMillis;

	private volatile boolean growing;

	/**
	 * Creates the source.
	 * @param growthFactor multiple of the baseline above which the count is growth
	 * @param max count above which the count is growth, whatever the baseline
	 * @param sustain how long the count must stay above the limit to be reported
	 * @param recent past episodes kept
	 */
	public ThreadGrowth(double growthFactor, int max, Duration sustain, int recent) {
		this(ManagementFactory.getThreadMXBean(), growthFactor, max, sustain, recent);
	}

	ThreadGrowth(ThreadMXBean threads, double growthFactor, int max, Duration sustain, int recent) {
		this.threads = threads;
		this.growthFactor = growthFactor;
		this.max = max;
		this.sustainNanos = sustain.toNanos();
		this.episodes = new RecentRing<>(recent);
	}

	/**
	 * Takes the baseline now: called when the application is ready, its pools started.
	 */
	public void applicationReady() {
		this.baseline = this.threads.getThreadCount();
	}

	@Override
	public void sweep(long nowNanos) {
		int count = this.threads.getThreadCount();
		this.current = count;
		if (this.baseline < 0) {
			this.baseline = count;
		}
		int limit = limit();
		if (count > limit) {
			if (this.aboveSinceNanos == 0) {
				this.aboveSinceNanos = (nowNanos != 0) ? nowNanos : 1;
				this.aboveSinceEpochMillis = System.currentTimeMillis();
				this.peak = count;
			}
			this.peak = Math.max(this.peak, count);
			if (!this.growing && nowNanos - this.aboveSinceNanos >= this.sustainNanos) {
				this.growing = true;
				logger.warn("Live thread count " + count + " has been above " + limit + " (baseline " + this.baseline
						+ ") since " + Instant.ofEpochMilli(this.aboveSinceEpochMillis));
			}
		}
		else if (this.aboveSinceNanos != 0) {
			if (this.growing) {
				this.episodes.add(new GrowthEpisode(this.aboveSinceEpochMillis, System.currentTimeMillis(), this.peak,
						this.baseline, limit));
				logger.info("Live thread count back to " + count + " (limit " + limit + ", peak was " + this.peak + ")");
			}
			this.growing = false;
			this.aboveSinceNanos = 0;
			this.aboveSinceEpochMillis = 0;
		}
	}

	private int limit() {
		int baseline = this.baseline;
		if (baseline < 0) {
			return this.max;
		}
		return (int) Math.min(this.max, Math.ceil(baseline * this.growthFactor));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object describe(boolean showValues) {
		Map<String, Object> description = state();
		description.put("current", this.threads.getThreadCount());
		List<Map<String, Object>> past = new ArrayList<>();
		for (GrowthEpisode episode : this.episodes.newestFirst()) {
			past.add(episode.describe());
		}
		description.put("episodes", past);
		description.put("topNamePrefixes", ThreadNamePrefixes.top(this.threads, TOP_PREFIXES));
		return description;
	}

	@Override
	public LeakHealth health() {
		Map<String, Object> details = state();
		details.put("current", this.current);
		return new LeakHealth(this.growing, false, details);
	}

	private Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("baseline", this.baseline);
		state.put("limit", limit());
		state.put("growing", this.growing);
		long since = this.aboveSinceEpochMillis;
		state.put("growingSince", (this.growing && since != 0) ? Instant.ofEpochMilli(since).toString() : null);
		state.put("peak", (since != 0) ? this.peak : null);
		return state;
	}

}
