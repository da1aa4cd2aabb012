package io.middlewaretrace.endpoint;

import java.util.ArrayList;
import java.util.List;

import io.middlewaretrace.deadline.DeadlineRecord;
import io.middlewaretrace.deadline.DeadlineRecorder;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code GET /actuator/deadlines}: recent requests that ran out of their deadline or used most
 * of it, with their budget and where it came from, and the phase blamed;
 * {@code GET /actuator/deadlines/{traceId}}: one of them with the timeline of its phases
 * (connection acquisition, statements, outbound calls, tasks) and, with deep tracing, its
 * middleware stages. Holds no request data beyond route patterns and SQL without values.
 *
 * @since 0.1.0
 */
@Endpoint(id = "deadlines")
public class DeadlinesEndpoint {

	private final DeadlineRecorder recorder;

	/**
	 * Creates the endpoint.
	 * @param recorder the records
	 */
	public DeadlinesEndpoint(DeadlineRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Returns the recent timed-out and slow requests, newest first, without their timelines.
	 * @return the requests
	 */
	@ReadOperation
	public DeadlinesDescriptor deadlines() {
		List<DeadlineRecord> records = this.recorder.records();
		List<DeadlineRecord> summaries = new ArrayList<>(records.size());
		int timedOut = 0;
		for (DeadlineRecord record : records) {
			summaries.add(record.summary());
			if (record.timedOut()) {
				timedOut++;
			}
		}
		return new DeadlinesDescriptor(timedOut, summaries.size() - timedOut, summaries);
	}

	/**
	 * Returns one request's record with its timeline.
	 * @param traceId the trace id
	 * @return the record, or {@code null} (404) if it is not kept
	 */
	@ReadOperation
	public DeadlineRecord deadline(@Selector String traceId) {
		return this.recorder.find(traceId);
	}

	/**
	 * The deadlines endpoint's response.
	 *
	 * @param timedOut how many of the kept requests timed out
	 * @param slow how many of them finished in time but used most of their budget
	 * @param requests the kept requests, newest first
	 */
	public record DeadlinesDescriptor(int timedOut, int slow, List<DeadlineRecord> requests)
			implements OperationResponseBody {
	}

}
