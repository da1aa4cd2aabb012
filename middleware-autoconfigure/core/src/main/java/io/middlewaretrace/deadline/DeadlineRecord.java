package io.middlewaretrace.deadline;

import java.time.Instant;
import java.util.List;

import io.middlewaretrace.context.Timeline;

/**
 * Where a timed-out (or slow) request spent its budget, as the deadlines endpoint shows it.
 * Holds ids, names and numbers only.
 *
 * @param traceId the trace id, {@code null} without a tracer
 * @param method the HTTP method
 * @param route the route pattern or route token, never the raw path
 * @param status the status the client got
 * @param start when the request started
 * @param budgetMs the request's budget in milliseconds
 * @param budgetSource where the budget came from ({@code default}, {@code route <pattern>},
 * {@code header <name>}, {@code code})
 * @param elapsedMs how long the request took, in milliseconds
 * @param timedOut whether the deadline passed before the request ended
 * @param phase the phase running when the deadline passed, {@code null} if it did not
 * @param outcome what the client got of a request whose deadline passed: {@code exceeded} (the
 * starter answered 504), {@code cut} (a committed response cut short, its connection closed) or
 * {@code late} (the response was delivered whole); {@code null} if the deadline did not pass
 * @param responseBytes the response body bytes written to the container (for a cut response,
 * at most these reached the client)
 * @param phases what the request waited on (database, outbound calls, tasks), in start order
 * @param droppedPhases phases not kept because the request had too many
 * @param stages the middleware stages, when deep tracing was on
 * @since 0.1.0
 */
public record DeadlineRecord(String traceId, String method, String route, int status, Instant start, long budgetMs,
		String budgetSource, double elapsedMs, boolean timedOut, String phase, String outcome, long responseBytes,
		List<PhaseRecord> phases, int droppedPhases, List<Timeline.Stage> stages) {

	/**
	 * Returns this record without its phases and stages, for the list view.
	 * @return a summary of this record
	 */
	public DeadlineRecord summary() {
		return new DeadlineRecord(this.traceId, this.method, this.route, this.status, this.start, this.budgetMs,
				this.budgetSource, this.elapsedMs, this.timedOut, this.phase, this.outcome, this.responseBytes, null,
				this.droppedPhases, null);
	}

	/**
	 * One phase of the request.
	 *
	 * @param name the phase, for example {@code jdbc.execute}
	 * @param detail what it worked on (SQL without values, method and URL without query)
	 * @param thread the thread that ran it
	 * @param offsetMs when it started, in milliseconds since the request started
	 * @param durationMs how long it took, {@code null} if it was still running when the request
	 * ended
	 * @param outcome how it ended, {@code null} if still running
	 */
	public record PhaseRecord(String name, String detail, String thread, double offsetMs, Double durationMs,
			String outcome) {
	}

}
