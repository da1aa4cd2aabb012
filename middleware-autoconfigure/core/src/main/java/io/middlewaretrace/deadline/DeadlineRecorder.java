package io.middlewaretrace.deadline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.Phases;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.support.RecentRing;
import io.middlewaretrace.web.RequestParticipant;

/**
 * Keeps a {@link DeadlineRecord} of every request that ran out of its deadline, and of every
 * request that used most of it, in a bounded ring; counts the timeouts by route and phase.
 * Requests well within their budget cost one comparison.
 *
 * @since 0.1.0
 */
public class DeadlineRecorder implements RequestParticipant {

	private final RecentRing<DeadlineRecord> records;

	private final double slowBudgetFraction;

	private final DeadlineMetrics metrics;

	/**
	 * Creates a recorder.
	 * @param capacity how many records to keep
	 * @param slowBudgetFraction share of the budget a request must use to be kept as slow
	 * @param metrics counts timeouts
	 */
	public DeadlineRecorder(int capacity, double slowBudgetFraction, DeadlineMetrics metrics) {
		this.records = new RecentRing<>(capacity);
		this.slowBudgetFraction = slowBudgetFraction;
		this.metrics = metrics;
	}

	@Override
	public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
			HttpServletResponse response) {
		Deadline deadline = context.deadline();
		if (deadline == null) {
			return;
		}
		long budgetNanos = deadline.budget().toNanos();
		DeadlineState state = DeadlineState.of(context);
		String timedOutPhase = (state != null) ? state.timedOutPhase() : null;
		boolean timedOut = timedOutPhase != null;
		if (!timedOut && context.durationNanos() < budgetNanos * this.slowBudgetFraction) {
			return;
		}
		if (timedOut) {
			this.metrics.exceeded(context.route(), timedOutPhase);
		}
		long start = context.startNanos();
		Phases phases = context.phasesIfAny();
		List<DeadlineRecord.PhaseRecord> phaseRecords = new ArrayList<>();
		if (phases != null) {
			for (Phase phase : phases.list()) {
				boolean open = phase.isOpen();
				long end = phase.endNanos();
				phaseRecords.add(new DeadlineRecord.PhaseRecord(phase.name(), phase.detail(), phase.thread(),
						millis(phase.startNanos() - start), open ? null : millis(end - phase.startNanos()),
						phase.outcome()));
			}
		}
		Timeline timeline = context.timeline();
		this.records.add(new DeadlineRecord(context.traceId(), context.method(), context.route(), context.status(),
				Instant.ofEpochMilli(context.startEpochMillis()), budgetNanos / 1_000_000L, deadline.source(),
				millis(context.durationNanos()), timedOut, timedOutPhase,
				(context.deadlineOutcome() != null) ? context.deadlineOutcome().value() : null, context.responseBytes(),
				List.copyOf(phaseRecords),
				(phases != null) ? phases.dropped() : 0,
				(timeline != null) ? timeline.stages(start) : List.of()));
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

	/**
	 * Returns the kept records, newest first.
	 * @return the records
	 */
	public List<DeadlineRecord> records() {
		return this.records.newestFirst();
	}

	/**
	 * Returns the newest record of a trace id.
	 * @param traceId the trace id
	 * @return the record, or {@code null} if it is not kept
	 */
	public DeadlineRecord find(String traceId) {
		return this.records.findNewest((record) -> traceId.equals(record.traceId()));
	}

}
