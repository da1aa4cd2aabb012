package io.middlewaretrace.context;

import java.time.Duration;
import java.util.Optional;

/**
 * What middleware-trace knows about one inbound request, as application code may read it: its
 * trace and span id, method, the route pattern once handler mapping resolved it, when it started
 * and, once it completed, its status, response size and duration; and the deadline's public
 * face: the budget left, which code may shorten, never extend.
 * <p>
 * Application code reaches the context of the request it works for through {@link #current()},
 * on the request's thread and on every thread the request reached through Micrometer
 * context-propagation. The context holds ids and strings only, never the servlet request or
 * response, so it is safe to keep in diagnostics after the request ended.
 * <p>
 * The context is read-only to applications except for {@link #shortenDeadline(Duration)} and
 * their own {@linkplain #attachment(AttachmentKey) attachments}: per-request data kept under a
 * typed key that only its owner holds. The starter's features keep their state the same way,
 * under keys of their own.
 *
 * @since 0.1.0
 */
public interface RequestContext {

	/**
	 * Route reported for a 404 that no handler pattern matched.
	 */
	String NOT_FOUND = "NOT_FOUND";

	/**
	 * Route reported for a redirect that no handler pattern matched.
	 */
	String REDIRECTION = "REDIRECTION";

	/**
	 * Route reported when no handler pattern matched.
	 */
	String UNKNOWN = "UNKNOWN";

	/**
	 * Returns the context of the request the current thread works for, if any. Available on the
	 * request's own thread and on threads that received it through Micrometer
	 * context-propagation.
	 * @return the current request context
	 */
	static Optional<RequestContext> current() {
		return Optional.ofNullable(RequestContextHolder.get());
	}

	/**
	 * Returns the deadline of the request the current thread works for, if it has one:
	 * <pre class="code">
	 * RequestContext.currentDeadline().ifPresent((deadline) -&gt; client.timeout(deadline.remaining()));
	 * </pre>
	 * @return the current request's deadline
	 */
	static Optional<Deadline> currentDeadline() {
		RequestContext context = RequestContextHolder.get();
		return Optional.ofNullable((context != null) ? context.deadline() : null);
	}

	/**
	 * Returns the W3C trace id (32 lowercase hex characters), or {@code null} when no tracer was
	 * available for the request.
	 * @return the trace id or {@code null}
	 */
	String traceId();

	/**
	 * Returns the id (16 lowercase hex characters) of the server span of this request, or
	 * {@code null} when no tracer was available.
	 * @return the span id or {@code null}
	 */
	String spanId();

	/**
	 * Returns the trace's sampling decision, or {@code null} when there is no trace.
	 * @return whether the trace is sampled, or {@code null}
	 */
	Boolean sampled();

	/**
	 * Returns the HTTP method of the request.
	 * @return the HTTP method
	 */
	String method();

	/**
	 * Returns the route pattern (for example {@code /api/owners/{id}}) once handler mapping has
	 * resolved it, otherwise {@code null}. Never the raw request path.
	 * @return the route pattern or {@code null}
	 */
	String routePattern();

	/**
	 * Returns the route to report for this request: the route pattern when handler mapping
	 * resolved one, otherwise a fixed token: {@link #NOT_FOUND} for a 404, {@link #REDIRECTION}
	 * for a 3xx, {@link #UNKNOWN} otherwise. Never the raw request path, so it is safe as a log
	 * field and a metric tag.
	 * @return the route pattern or token
	 */
	String route();

	/**
	 * Returns the {@link System#nanoTime()} reading taken when the request started.
	 * @return the monotonic start time
	 */
	long startNanos();

	/**
	 * Returns the wall-clock time, in epoch milliseconds, when the request started.
	 * @return the wall-clock start time
	 */
	long startEpochMillis();

	/**
	 * Returns how long the request has run so far, or its total duration once completed.
	 * @return the elapsed time
	 */
	Duration elapsed();

	/**
	 * Returns whether the request has completed.
	 * @return whether the request completed
	 */
	boolean isCompleted();

	/**
	 * Returns the response status, known once the request completed (0 before).
	 * @return the response status
	 */
	int status();

	/**
	 * Returns the number of response body bytes written so far.
	 * @return the response size in bytes
	 */
	long responseBytes();

	/**
	 * Returns the total duration in nanoseconds, or -1 before the request completed.
	 * @return the duration in nanoseconds
	 */
	long durationNanos();

	/**
	 * Returns the request's deadline, or {@code null} when deadlines are off or the request is
	 * not bounded by one.
	 * @return the deadline or {@code null}
	 */
	Deadline deadline();

	/**
	 * Bounds the rest of the request by {@code budget} from now, if that is earlier than its
	 * deadline (or gives it one when it has none): a deadline can be shortened, never extended.
	 * Every phase that starts afterwards
	 * (pool acquisition, statements, outbound calls) gets the shorter budget, and the watchdog
	 * ends the request when it passes.
	 * @param budget the budget from now, positive
	 * @return the request's deadline afterwards
	 */
	Deadline shortenDeadline(Duration budget);

	/**
	 * Returns the request's phases: the work done on its behalf (pool acquisition, statements,
	 * outbound calls, tasks, and what application code records), the running one blamed if the
	 * deadline passes.
	 * <pre class="code">
	 * Phase phase = context.phases().start("pricing.lookup", "sku lookup");
	 * </pre>
	 * @return the phases, created on first use
	 */
	Phases phases();

	/**
	 * Registers an action that runs once, on the deadline watchdog's thread, if the request's
	 * deadline passes while it is registered (at once if it already passed): how work done on the
	 * request's behalf is cancelled. Close the returned hook when the work ends.
	 * @param action the action, quick and not blocking
	 * @return the registration, to close when the work ends
	 */
	DeadlineHook onDeadline(Runnable action);

	/**
	 * Returns the value attached under {@code key}, or {@code null}.
	 * @param <T> the value's type
	 * @param key the key
	 * @return the attached value or {@code null}
	 */
	<T> T attachment(AttachmentKey<T> key);

	/**
	 * Attaches {@code value} under {@code key}, replacing what was attached under it.
	 * @param <T> the value's type
	 * @param key the key
	 * @param value the value, {@code null} to remove it
	 */
	<T> void attach(AttachmentKey<T> key, T value);

}
