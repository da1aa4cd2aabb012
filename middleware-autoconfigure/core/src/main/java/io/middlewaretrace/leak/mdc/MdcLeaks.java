package io.middlewaretrace.leak.mdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.leak.LeakKind;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;
import io.middlewaretrace.support.RecentRing;

/**
 * The {@code mdc} section of the leaks endpoint: MDC entries requests left behind on their
 * threads, as the {@link MdcLeakDetector} found them, in a ring of the most recent. Entries are
 * cleared when found, so nothing here is still leaking: the health contributor gets counts
 * only.
 *
 * @since 0.1.0
 */
public class MdcLeaks implements LeakSource {

	/**
	 * Section name in the leaks endpoint.
	 */
	public static final String NAME = "mdc";

	/**
	 * How many distinct keys are logged at WARN level, once each; later leaks of a key, and
	 * keys beyond this, are logged at DEBUG level.
	 */
	static final int MAX_WARNED_KEYS = 256;

	private static final Log logger = LogFactory.getLog(MdcLeaks.class);

	private final RecentRing<MdcLeak> recent;

	private final LeakMetrics metrics;

	private final AtomicLong foundAtEnd = new AtomicLong();

	private final AtomicLong foundAtStart = new AtomicLong();

	private final AtomicLong clearedKeys = new AtomicLong();

	private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the source.
	 * @param recent how many leaks are kept for the endpoint
	 * @param metrics where leak counts go
	 */
	public MdcLeaks(int recent, LeakMetrics metrics) {
		this.recent = new RecentRing<>(recent);
		this.metrics = metrics;
	}

	void record(MdcLeak leak) {
		((leak.foundAt() == MdcLeak.FoundAt.END) ? this.foundAtEnd : this.foundAtStart).incrementAndGet();
		if (leak.cleared()) {
			this.clearedKeys.addAndGet(leak.keys().size());
		}
		this.recent.add(leak);
		this.metrics.leaked(LeakKind.MDC, leak.route());
		log(leak);
	}

	private void log(MdcLeak leak) {
		boolean first = false;
		for (String key : leak.keys()) {
			if (this.warnedKeys.size() < MAX_WARNED_KEYS && this.warnedKeys.add(key)) {
				first = true;
			}
		}
		if (first || logger.isDebugEnabled()) {
			String message = "MDC keys " + leak.keys() + " left behind by request (traceId=" + leak.traceId()
					+ ", route=" + leak.route() + ") on thread " + leak.thread() + ", found at "
					+ leak.foundAt().label() + (leak.cleared() ? "; cleared" : "");
			if (first) {
				logger.warn(message + " (logged once per key)");
			}
			else {
				logger.debug(message);
			}
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object describe(boolean showValues) {
		Map<String, Object> description = counts();
		List<Map<String, Object>> leaks = new ArrayList<>();
		for (MdcLeak leak : this.recent.newestFirst()) {
			leaks.add(leak.describe(showValues));
		}
		description.put("recent", leaks);
		return description;
	}

	@Override
	public LeakHealth health() {
		// found entries are cleared at once (or left on purpose when clearing is off): nothing
		// stays leaking
		return new LeakHealth(false, false, counts());
	}

	private Map<String, Object> counts() {
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("foundAtRequestEnd", this.foundAtEnd.get());
		counts.put("foundAtNextRequestStart", this.foundAtStart.get());
		counts.put("clearedKeys", this.clearedKeys.get());
		return counts;
	}

}
