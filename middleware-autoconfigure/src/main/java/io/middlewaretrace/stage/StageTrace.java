package io.middlewaretrace.stage;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Set;

import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.context.Timeline.StageEvent;
import io.middlewaretrace.snapshot.Snapshot;

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
		double durationMs, long responseBytes, String deadlineOutcome, Set<Reason> reasons, List<Stage> stages, int droppedStages, List<String> anomalies,
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
	 * Returns a completed request's timeline events as stages, made one by one when read (by the
	 * endpoint, rarely), so that keeping a record allocates no per-event objects. The timeline
	 * must no longer be written.
	 * @param timeline the completed request's timeline
	 * @param startNanos when the request started
	 * @return the stages, a view
	 */
	public static List<Stage> stagesOf(Timeline timeline, long startNanos) {
		return new AbstractList<>() {

			@Override
			public Stage get(int index) {
				StageEvent event = timeline.event(index);
				return new Stage(event.stage(), event.type().name(), event.kind().name(),
						Math.round((event.nanos() - startNanos) / 1_000.0) / 1_000.0, event.depth(),
						(event.outcome() != null) ? event.outcome().name() : null);
			}

			@Override
			public int size() {
				return timeline.size();
			}

		};
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

	/**
	 * One stage event.
	 *
	 * @param name the stage name (filter or bean name, interceptor callback, handler method)
	 * @param type the kind of middleware ({@code FILTER}, {@code SECURITY_FILTER},
	 * {@code INTERCEPTOR}, {@code HANDLER}, {@code EXCEPTION_RESOLUTION}, {@code VIEW})
	 * @param event {@code ENTER} or {@code EXIT}
	 * @param offsetMs milliseconds since the request started
	 * @param depth nesting depth, 0 outermost
	 * @param outcome how the stage ended ({@code EXIT} events only)
	 */
	public record Stage(String name, String type, String event, double offsetMs, int depth, String outcome) {
	}

}
