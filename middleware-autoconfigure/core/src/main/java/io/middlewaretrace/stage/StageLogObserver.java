package io.middlewaretrace.stage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Writes one DEBUG line per stage enter and exit on the logger {@code middleware.stage}, with
 * structured fields (trace_id, stage, stage_type, event, outcome, duration_us) for a JSON
 * encoder. Off by default: verbose, meant for a short investigation.
 *
 * @since 0.1.0
 */
public class StageLogObserver implements StageObserver {

	/**
	 * Name of the logger.
	 */
	public static final String LOGGER = "middleware.stage";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	@Override
	public void entered(DefaultRequestContext context, String stage, StageType type) {
		if (logger.isDebugEnabled()) {
			logger.debug("ENTER {}", stage, kv("trace_id", context.traceId()), kv("stage", stage),
					kv("stage_type", type.name()), kv("event", "ENTER"));
		}
	}

	@Override
	public void exited(DefaultRequestContext context, String stage, StageType type, Outcome outcome, long nanos) {
		if (logger.isDebugEnabled()) {
			logger.debug("EXIT {} {}", stage, outcome, kv("trace_id", context.traceId()), kv("stage", stage),
					kv("stage_type", type.name()), kv("event", "EXIT"), kv("outcome", outcome.name()),
					kv("duration_us", nanos / 1_000));
		}
	}

}
