package io.middlewaretrace.autoconfigure.anomaly;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Detection of middleware anti-patterns at runtime: broken filter chains, changes to a committed
 * response, a request body read twice, exceptions escaping filters and filter order collisions.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("middleware.anomalies")
public class AnomalyProperties {

	/**
	 * Whether anti-patterns are detected and recorded.
	 */
	private boolean enabled = true;

	/**
	 * Number of latest occurrences kept for the anomalies endpoint, in a ring (counts by type
	 * are kept regardless).
	 */
	private int recent = 100;

	/**
	 * Minimum time between two WARN log lines for the same anomaly type and source (the same
	 * filter, or the same caller frame); occurrences in between are counted, not logged.
	 */
	private Duration warnInterval = Duration.ofMinutes(1);

	/**
	 * Request body bytes kept so that the body can be read again after a filter consumed it. A
	 * larger body is not replayable; a reader that then meets the exhausted stream is reported.
	 * 0 turns replay off.
	 */
	private DataSize bodyReplayLimit = DataSize.ofKilobytes(64);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getRecent() {
		return this.recent;
	}

	public void setRecent(int recent) {
		this.recent = recent;
	}

	public Duration getWarnInterval() {
		return this.warnInterval;
	}

	public void setWarnInterval(Duration warnInterval) {
		this.warnInterval = warnInterval;
	}

	public DataSize getBodyReplayLimit() {
		return this.bodyReplayLimit;
	}

	public void setBodyReplayLimit(DataSize bodyReplayLimit) {
		this.bodyReplayLimit = bodyReplayLimit;
	}

}
