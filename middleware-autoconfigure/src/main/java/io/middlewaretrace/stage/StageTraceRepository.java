package io.middlewaretrace.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the diagnostic records of recent requests in two bounded rings: one for requests traced
 * because deep tracing is on, one for slow, failed and anomalous requests, so that a burst of
 * normal traffic cannot push the interesting ones out.
 *
 * @since 0.1.0
 */
public class StageTraceRepository {

	private final Ring recent;

	private final Ring retained;

	/**
	 * Creates a repository.
	 * @param recentCapacity how many traced requests to keep
	 * @param retainedCapacity how many slow, failed or anomalous requests to keep
	 */
	public StageTraceRepository(int recentCapacity, int retainedCapacity) {
		this.recent = new Ring(recentCapacity);
		this.retained = new Ring(retainedCapacity);
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
		StageTrace found = this.retained.find(traceId);
		return Optional.ofNullable((found != null) ? found : this.recent.find(traceId));
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

	private static final class Ring {

		private final StageTrace[] slots;

		private int next;

		private int size;

		Ring(int capacity) {
			this.slots = new StageTrace[Math.max(0, capacity)];
		}

		synchronized void add(StageTrace trace) {
			if (this.slots.length == 0) {
				return;
			}
			this.slots[this.next] = trace;
			this.next = (this.next + 1) % this.slots.length;
			this.size = Math.min(this.size + 1, this.slots.length);
		}

		synchronized StageTrace find(String traceId) {
			for (int i = 1; i <= this.size; i++) {
				StageTrace trace = this.slots[Math.floorMod(this.next - i, this.slots.length)];
				if (traceId.equals(trace.traceId())) {
					return trace;
				}
			}
			return null;
		}

		synchronized List<StageTrace> newestFirst() {
			List<StageTrace> traces = new ArrayList<>(this.size);
			for (int i = 1; i <= this.size; i++) {
				traces.add(this.slots[Math.floorMod(this.next - i, this.slots.length)]);
			}
			return traces;
		}

	}

}
