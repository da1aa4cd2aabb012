package io.middlewaretrace.leak.mdc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MDC entries found left behind: when and where they were found, the request blamed, the keys,
 * and the values of keys that are not redacted (redacted values are never kept).
 */
record MdcLeak(FoundAt foundAt, long epochMillis, String traceId, String route, String thread, List<String> keys,
		Map<String, String> values, boolean cleared) {

	Map<String, Object> describe(boolean showValues) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("found", this.foundAt.label());
		description.put("timestamp", Instant.ofEpochMilli(this.epochMillis).toString());
		description.put("traceId", this.traceId);
		description.put("route", this.route);
		description.put("thread", this.thread);
		description.put("keys", this.keys);
		if (showValues) {
			description.put("values", this.values);
		}
		description.put("cleared", this.cleared);
		return description;
	}

	/**
	 * When the entries were found.
	 */
	enum FoundAt {

		/**
		 * At the end of a dispatch of the request that put them.
		 */
		END("request-end"),

		/**
		 * When the next request on the thread started; blamed on the previous request served on
		 * the thread.
		 */
		START("next-request-start");

		private final String label;

		FoundAt(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

}
