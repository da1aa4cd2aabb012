package io.middlewaretrace.leak.thread;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A past episode of sustained thread growth: when the count went above the limit and when it
 * came back, its peak, and the baseline and limit then.
 */
record GrowthEpisode(long startEpochMillis, long endEpochMillis, int peak, int baseline, int limit) {

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("start", Instant.ofEpochMilli(this.startEpochMillis).toString());
		description.put("end", Instant.ofEpochMilli(this.endEpochMillis).toString());
		description.put("peak", this.peak);
		description.put("baseline", this.baseline);
		description.put("limit", this.limit);
		return description;
	}

}
