package io.middlewaretrace.stage;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.web.RequestParticipant;

/**
 * Turns completed requests into {@link StageTrace} records: every deep-traced request, and every
 * slow, failed or anomalous one whether traced or not. Other requests cost one check.
 *
 * @since 0.1.0
 */
public class StageTraceRecorder implements RequestParticipant {

	private final StageTraceRepository repository;

	private final long slowThresholdNanos;

	/**
	 * Creates a recorder.
	 * @param repository where records go
	 * @param slowThreshold requests at least this long are kept as slow
	 */
	public StageTraceRecorder(StageTraceRepository repository, Duration slowThreshold) {
		this.repository = repository;
		this.slowThresholdNanos = slowThreshold.toNanos();
	}

	/**
	 * Whether a completed request's record is kept among the slow, failed and anomalous ones
	 * (the requests that also get a snapshot).
	 * @param context a completed request context
	 * @return whether the request is notable
	 */
	public boolean isNotable(DefaultRequestContext context) {
		return context.durationNanos() >= this.slowThresholdNanos || context.status() >= 500
				|| context.hasAnomalies();
	}

	@Override
	public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
			HttpServletResponse response) {
		Timeline timeline = context.timeline();
		if (timeline == null && !isNotable(context)) {
			// the common case: nothing to keep, nothing allocated
			return;
		}
		Set<StageTrace.Reason> reasons = EnumSet.noneOf(StageTrace.Reason.class);
		if (timeline != null) {
			reasons.add(StageTrace.Reason.TRACED);
		}
		if (context.durationNanos() >= this.slowThresholdNanos) {
			reasons.add(StageTrace.Reason.SLOW);
		}
		if (context.status() >= 500) {
			reasons.add(StageTrace.Reason.FAILED);
		}
		List<String> anomalies = context.anomalies();
		if (!anomalies.isEmpty()) {
			reasons.add(StageTrace.Reason.ANOMALY);
		}
		List<Timeline.Stage> stages = (timeline != null) ? timeline.stages(context.startNanos()) : List.of();
		this.repository.add(new StageTrace(context.traceId(), context.spanId(), context.method(), context.route(),
				context.status(), Instant.ofEpochMilli(context.startEpochMillis()), context.durationNanos() / 1e6,
				context.responseBytes(),
				(context.deadlineOutcome() != null) ? context.deadlineOutcome().value() : null, Set.copyOf(reasons), stages, (timeline != null) ? timeline.dropped() : 0, anomalies,
				context.attachment(Snapshot.KEY)));
	}

}
