package io.middlewaretrace.snapshot;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.web.BodyCaptures;
import io.middlewaretrace.web.RequestParticipant;

/**
 * Builds the redacted snapshot of the requests whose diagnostic record is kept (slow, failed,
 * anomalous), from the body prefixes the starter's filter captured while they streamed. Other
 * requests cost one check. With the logger {@value #LOGGER} at DEBUG, each snapshot is also
 * logged.
 *
 * @since 0.1.0
 */
public class NotableRequestSnapshotter implements RequestParticipant, Ordered {

	/**
	 * Logger of the optional snapshot lines: at DEBUG, every snapshot taken is also logged
	 * (redacted, like everywhere else).
	 */
	public static final String LOGGER = "middleware.snapshot";

	/**
	 * Order of the snapshotter among the request participants: ahead of those that record the
	 * completed request, so that their records carry its snapshot.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final Log logger = LogFactory.getLog(LOGGER);

	private final Predicate<DefaultRequestContext> notable;

	private final SnapshotFactory factory;

	/**
	 * Creates a snapshotter.
	 * @param notable which completed requests get a snapshot
	 * @param factory builds the redacted snapshot
	 */
	public NotableRequestSnapshotter(Predicate<DefaultRequestContext> notable, SnapshotFactory factory) {
		this.notable = notable;
		this.factory = factory;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
			HttpServletResponse response) {
		if (request == null || !this.notable.test(context)) {
			return;
		}
		Snapshot snapshot = this.factory.create(request, response, BodyCaptures.requestBody(request),
				BodyCaptures.responseBody(request));
		context.attach(Snapshot.KEY, snapshot);
		if (logger.isDebugEnabled()) {
			logger.debug("Snapshot of " + context.method() + " " + context.route() + " (traceId=" + context.traceId()
					+ ", status " + context.status() + "): " + snapshot);
		}
	}

}
