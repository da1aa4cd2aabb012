package io.middlewaretrace.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.middlewaretrace.support.RecentRing;

/**
 * Keeps the diagnostic records of recent requests in two bounded rings: one for requests traced
 * because deep tracing is on, one for slow, failed and anomalous requests, so that a burst of
 * normal traffic cannot push the interesting ones out.
 *
 * @since 0.1.0
 */
public class StageTraceRepository {

	private final RecentRing<StageTrace> recent;

	private final RecentRing<StageTrace> retained;

	/**
	 * Creates a repository.
	 * @param recentCapacity how many traced requests to keep
	 * @param retainedCapacity how many slow, failed or anomalous requests to keep
	 */
	public StageTraceRepository(int recentCapacity, int retainedCapacity) {
		this.recent = new RecentRing<>(recentCapacity);
		this.retained = new RecentRing<>(retainedCapacity);
	}

	/**
	 * Adds a record: to the retained ring when it was slow, failed or anomalous, otherwise to the
	 * recent ring.
	 * @param trace the record
	 */
	public void add(StageTrace trace) {
		boolean notable = trace.reasons().contains(StageTrace.Reason.SLOW)
				|| trace.reasons().contains(StageTrace.Reason.FAILED)
				|| trace.reasons().contains(StageTrace.Reason.ANOMALY);
		(notable ? this.retained : this.recent).add(trace);
	}

	/**
	 * Finds the latest record of a trace id.
	 * @param traceId the trace id
	 * @return the record, if still kept
	 */
	public Optional<StageTrace> find(String traceId) {
		StageTrace found = this.retained.findNewest((trace) -> traceId.equals(trace.traceId()));
		return Optional.ofNullable((found != null) ? found
				: this.recent.findNewest((trace) -> traceId.equals(trace.traceId())));
	}

	/**
	 * Returns the kept records, newest first: slow, failed and anomalous ones, then the others.
	 * @return the records
	 */
	public List<StageTrace> all() {
		List<StageTrace> all = new ArrayList<>(this.retained.newestFirst());
		all.addAll(this.recent.newestFirst());
		return all;
	}

}
