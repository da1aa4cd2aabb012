package io.middlewaretrace.stage;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.context.Timeline;

/**
 * The diagnostic record of one completed request, as the middleware endpoint shows it: its
 * stages in order (when deep tracing was on), why it was kept, the anomalies it caused and, for
 * a request kept because it was slow, failed or anomalous, a redacted snapshot.
 * <p>
 * Holds ids, strings and numbers only, never a live request, response or thread.
 *
 * @param traceId the trace id, {@code null} without a tracer
 * @param spanId the server span id, {@code null} without a tracer
 * @param method the HTTP method
 * @param route the route pattern or route token, never the raw path
 * @param status the response status
 * @param start when the request started
 * @param durationMs how long it took, in milliseconds
 * @param responseBytes the response body bytes written to the container
 * @param deadlineOutcome what the client got if the request's deadline passed before it ended
 * ({@code exceeded}, {@code cut}, {@code late}), otherwise {@code null}
 * @param reasons why the record was kept
 * @param stages the stage events in order; empty when deep tracing was off
 * @param droppedStages stage events that did not fit in the request's timeline
 * @param anomalies the anomaly types this request caused
 * @param snapshot the redacted request/response snapshot, or {@code null}
 * @since 0.1.0
 */
public record StageTrace(String traceId, String spanId, String method, String route, int status, Instant start,
		double durationMs, long responseBytes, String deadlineOutcome, Set<Reason> reasons, List<Timeline.Stage> stages, int droppedStages, List<String> anomalies,
		Snapshot snapshot) {

	/**
	 * Returns this record with the snapshot's values masked (see {@link Snapshot#withoutValues()}).
	 * @return the record without snapshot values
	 */
	public StageTrace withoutSnapshotValues() {
		if (this.snapshot == null) {
			return this;
		}
		return new StageTrace(this.traceId, this.spanId, this.method, this.route, this.status, this.start,
				this.durationMs, this.responseBytes, this.deadlineOutcome, this.reasons, this.stages, this.droppedStages, this.anomalies,
				this.snapshot.withoutValues());
	}

	/**
	 * Why a record was kept.
	 */
	public enum Reason {

		/**
		 * Deep tracing was on: kept among the recent requests.
		 */
		TRACED,

		/**
		 * Took longer than the slow threshold.
		 */
		SLOW,

		/**
		 * Answered with a 5xx status or an exception.
		 */
		FAILED,

		/**
		 * Caused at least one anomaly.
		 */
		ANOMALY

	}
}
