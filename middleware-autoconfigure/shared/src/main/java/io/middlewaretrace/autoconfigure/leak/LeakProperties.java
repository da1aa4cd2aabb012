package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of leak diagnostics, under {@code middleware.leaks.}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("middleware.leaks")
public class LeakProperties {

	/**
	 * Whether leak diagnostics are on.
	 */
	private boolean enabled = true;

	/**
	 * Time between two sweeps of held connections, running tasks and the thread count.
	 */
	private Duration sweepInterval = Duration.ofSeconds(1);

	/**
	 * Maximum number of recent leaks kept for the leaks endpoint, per kind.
	 */
	private int recent = 100;

	private final Health health = new Health();

	private final Connections connections = new Connections();

	private final Tasks tasks = new Tasks();

	private final Threads threads = new Threads();

	private final Mdc mdc = new Mdc();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = sweepInterval;
	}

	public int getRecent() {
		return this.recent;
	}

	public void setRecent(int recent) {
		this.recent = recent;
	}

	public Health getHealth() {
		return this.health;
	}

	public Connections getConnections() {
		return this.connections;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Mdc getMdc() {
		return this.mdc;
	}

	/**
	 * The {@code leaks} health contributor.
	 */
	public static class Health {

		/**
		 * Whether a leak not yet healed (a leaked connection not reclaimed, a leaked task still running, sustained thread growth) turns the health status DOWN. Off, the state is reported as details only.
		 */
		private boolean downOnLeak = false;

		/**
		 * Whether a saturated pool (no idle connection, callers waiting) turns the health status DOWN.
		 */
		private boolean downOnSaturation = false;

		public boolean isDownOnLeak() {
			return this.downOnLeak;
		}

		public void setDownOnLeak(boolean downOnLeak) {
			this.downOnLeak = downOnLeak;
		}

		public boolean isDownOnSaturation() {
			return this.downOnSaturation;
		}

		public void setDownOnSaturation(boolean downOnSaturation) {
			this.downOnSaturation = downOnSaturation;
		}

	}

	/**
	 * Leaks of pooled connections.
	 */
	public static class Connections {

		/**
		 * Whether connections borrowed through the wrapped DataSource are tracked and checked for leaks.
		 */
		private boolean enabled = true;

		/**
		 * Fraction of borrows, between 0.0 and 1.0, whose borrowing frames are captured (a
		 * bounded stack walk, never an exception). A leak of a borrow not sampled is still found
		 * and attributed, without frames, and from then on every borrow on its route is
		 * captured, so that the route's next leak shows where it borrowed. 1.0 captures every
		 * borrow (tens of microseconds each).
		 */
		private double frameSampleRate = 0.01;

		/**
		 * Maximum number of borrowing frames kept per connection, application frames first.
		 */
		private int maxFrames = 8;

		/**
		 * How long a connection may be held before the sweep marks it suspect; a later return is recorded as a late return.
		 */
		private Duration heldThreshold = Duration.ofSeconds(30);

		/**
		 * Whether idle connections are soft-evicted when the pool reports a broken connection, so that callers do not get more connections to a database that went away.
		 */
		private boolean evictOnBroken = true;

		private final Reclaim reclaim = new Reclaim();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getFrameSampleRate() {
			return this.frameSampleRate;
		}

		public void setFrameSampleRate(double frameSampleRate) {
			this.frameSampleRate = frameSampleRate;
		}

		public int getMaxFrames() {
			return this.maxFrames;
		}

		public void setMaxFrames(int maxFrames) {
			this.maxFrames = maxFrames;
		}

		public Duration getHeldThreshold() {
			return this.heldThreshold;
		}

		public void setHeldThreshold(Duration heldThreshold) {
			this.heldThreshold = heldThreshold;
		}

		public boolean isEvictOnBroken() {
			return this.evictOnBroken;
		}

		public void setEvictOnBroken(boolean evictOnBroken) {
			this.evictOnBroken = evictOnBroken;
		}

		public Reclaim getReclaim() {
			return this.reclaim;
		}

	}

	/**
	 * Reclaiming leaked connections.
	 */
	public static class Reclaim {

		/**
		 * Whether a leaked connection is taken back from its holder after the grace period (closed or evicted, so that the pool gets its slot back). Code still holding it then fails on its next use.
		 */
		private boolean enabled = false;

		/**
		 * How long after its request ended a leaked connection is left to its holder before it is reclaimed.
		 */
		private Duration gracePeriod = Duration.ofSeconds(60);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * Tasks that outlive their request.
	 */
	public static class Tasks {

		/**
		 * Whether tasks started on a request's behalf on Spring-managed executors are tracked.
		 */
		private boolean enabled = true;

		/**
		 * How long a task may still run after its request completed before it is reported as leaked.
		 */
		private Duration threshold = Duration.ofSeconds(10);

		/**
		 * Maximum number of frames of a leaked task's current stack kept, application frames first.
		 */
		private int maxFrames = 16;

		/**
		 * Maximum number of running or queued tasks tracked at once; tasks beyond it run untracked and are counted.
		 */
		private int maxTracked = 10000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

		public int getMaxFrames() {
			return this.maxFrames;
		}

		public void setMaxFrames(int maxFrames) {
			this.maxFrames = maxFrames;
		}

		public int getMaxTracked() {
			return this.maxTracked;
		}

		public void setMaxTracked(int maxTracked) {
			this.maxTracked = maxTracked;
		}

	}

	/**
	 * Growth of the live thread count.
	 */
	public static class Threads {

		/**
		 * Whether the live thread count is watched for growth against its baseline.
		 */
		private boolean enabled = true;

		/**
		 * Live thread count, as a multiple of the baseline taken when the application is ready, above which growth is reported.
		 */
		private double growthFactor = 2.0;

		/**
		 * Live thread count above which growth is reported whatever the baseline.
		 */
		private int max = 2000;

		/**
		 * How long the thread count must stay above the limit before growth is reported.
		 */
		private Duration sustain = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getGrowthFactor() {
			return this.growthFactor;
		}

		public void setGrowthFactor(double growthFactor) {
			this.growthFactor = growthFactor;
		}

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public Duration getSustain() {
			return this.sustain;
		}

		public void setSustain(Duration sustain) {
			this.sustain = sustain;
		}

	}

	/**
	 * MDC entries left behind by a request.
	 */
	public static class Mdc {

		/**
		 * Whether MDC entries left behind by a request are reported.
		 */
		private boolean enabled = true;

		/**
		 * Whether leftover MDC entries are removed, so that the next request on the thread starts clean.
		 */
		private boolean clear = true;

		/**
		 * MDC keys that are expected to outlive a request or to be present when one starts (set by a filter that runs before the starter's), never reported or cleared. traceId, spanId, route and Spring Boot's baggage correlation fields are always ignored.
		 */
		private List<String> ignoredKeys = new ArrayList<>();

		/**
		 * Patterns (* matches any characters, case-insensitive) of MDC keys whose values are never recorded.
		 */
		private List<String> redactedKeys = new ArrayList<>(List.of("*password*", "*secret*", "*token*", "*authorization*", "*cookie*", "*session*", "*credential*", "*key*"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isClear() {
			return this.clear;
		}

		public void setClear(boolean clear) {
			this.clear = clear;
		}

		public List<String> getIgnoredKeys() {
			return this.ignoredKeys;
		}

		public void setIgnoredKeys(List<String> ignoredKeys) {
			this.ignoredKeys = ignoredKeys;
		}

		public List<String> getRedactedKeys() {
			return this.redactedKeys;
		}

		public void setRedactedKeys(List<String> redactedKeys) {
			this.redactedKeys = redactedKeys;
		}

	}

}
