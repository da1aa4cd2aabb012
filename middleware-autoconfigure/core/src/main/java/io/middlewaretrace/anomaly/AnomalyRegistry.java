package io.middlewaretrace.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.AnomalyReporter;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Records anomalies: counts by type, the latest occurrences in a bounded ring, one WARN log line
 * per type and source at most every warn interval, and notifies listeners (metrics).
 *
 * @since 0.1.0
 */
public class AnomalyRegistry implements AnomalyReporter {

	/**
	 * Most distinct sources whose WARN rate is tracked; beyond it they share one budget.
	 */
	static final int MAX_TRACKED_SOURCES = 1024;

	private static final String OTHER_SOURCES = "\u0000other";

	private static final Log logger = LogFactory.getLog("middleware.anomalies");

	private final Map<AnomalyType, LongAdder> counts = new EnumMap<>(AnomalyType.class);

	private final Anomaly[] recent;

	private int next;

	private int size;

	private final long warnIntervalNanos;

	private final Map<String, AtomicLong> lastWarned = new ConcurrentHashMap<>();

	private final List<AnomalyListener> listeners;

	/**
	 * Creates a registry.
	 * @param recentCapacity how many latest occurrences to keep
	 * @param warnInterval minimum time between two WARN lines for the same type and source
	 * @param listeners told about every anomaly
	 */
	public AnomalyRegistry(int recentCapacity, Duration warnInterval, List<AnomalyListener> listeners) {
		for (AnomalyType type : AnomalyType.values()) {
			this.counts.put(type, new LongAdder());
		}
		this.recent = new Anomaly[Math.max(0, recentCapacity)];
		this.warnIntervalNanos = warnInterval.toNanos();
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Records an anomaly caused by a request. A request records each type at most once.
	 * @param type the anomaly type
	 * @param context the request's context, or {@code null} outside a request
	 * @param source the middleware at fault
	 * @param detail a short explanation
	 * @param callerFrame the offending application frame, or {@code null}
	 */
	@Override
	public void report(AnomalyType type, DefaultRequestContext context, String source, String detail, String callerFrame) {
		if (context != null) {
			if (context.anomalies().contains(type.name())) {
				return;
			}
			context.anomaly(type.name());
		}
		Anomaly anomaly = new Anomaly(type, Instant.now(), (context != null) ? context.traceId() : null,
				(context != null) ? context.route() : null, source, detail, callerFrame);
		this.counts.get(type).increment();
		synchronized (this.recent) {
			if (this.recent.length > 0) {
				this.recent[this.next] = anomaly;
				this.next = (this.next + 1) % this.recent.length;
				this.size = Math.min(this.size + 1, this.recent.length);
			}
		}
		warnIfDue(anomaly);
		for (AnomalyListener listener : this.listeners) {
			try {
				listener.anomalyRecorded(anomaly);
			}
			catch (RuntimeException ex) {
				logger.debug("Anomaly listener failed", ex);
			}
		}
	}

	private void warnIfDue(Anomaly anomaly) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		String key = anomaly.type() + "|" + anomaly.source();
		AtomicLong last = this.lastWarned.get(key);
		if (last == null) {
			if (this.lastWarned.size() >= MAX_TRACKED_SOURCES) {
				key = OTHER_SOURCES;
			}
			last = this.lastWarned.computeIfAbsent(key, (k) -> new AtomicLong(Long.MIN_VALUE));
		}
		long now = System.nanoTime();
		long previous = last.get();
		if (previous != Long.MIN_VALUE && now - previous < this.warnIntervalNanos) {
			return;
		}
		if (!last.compareAndSet(previous, now)) {
			return;
		}
		logger.warn(describe(anomaly));
	}

	private static String describe(Anomaly anomaly) {
		StringBuilder message = new StringBuilder(160).append(anomaly.type())
			.append(": ")
			.append(anomaly.detail())
			.append(" [source=")
			.append(anomaly.source());
		if (anomaly.callerFrame() != null) {
			message.append(", caller=").append(anomaly.callerFrame());
		}
		if (anomaly.traceId() != null) {
			message.append(", traceId=").append(anomaly.traceId());
		}
		if (anomaly.route() != null) {
			message.append(", route=").append(anomaly.route());
		}
		return message.append(']').toString();
	}

	int trackedSources() {
		return this.lastWarned.size();
	}

	/**
	 * Returns how many anomalies of each type were recorded since startup.
	 * @return the counts by type, every type present
	 */
	public Map<AnomalyType, Long> counts() {
		Map<AnomalyType, Long> snapshot = new EnumMap<>(AnomalyType.class);
		this.counts.forEach((type, count) -> snapshot.put(type, count.sum()));
		return snapshot;
	}

	/**
	 * Returns the latest anomalies, newest first.
	 * @return the latest anomalies
	 */
	public List<Anomaly> latest() {
		synchronized (this.recent) {
			List<Anomaly> latest = new ArrayList<>(this.size);
			for (int i = 1; i <= this.size; i++) {
				latest.add(this.recent[Math.floorMod(this.next - i, this.recent.length)]);
			}
			return latest;
		}
	}

}
