package io.middlewaretrace.deadline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import io.middlewaretrace.context.AnomalyReporter;
import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineOutcome;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.support.RequestBodies;
import io.middlewaretrace.support.ServletFailures;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.ProblemDetailsWriter;

/**
 * Gives every request a {@link Deadline} and ends a request that ran out of it with a
 * {@code 504} problem+json naming the trace id, route, budget, elapsed time and the phase that
 * was running, in place of whatever the application was about to answer. Runs right after the
 * starter's {@link MiddlewareTraceFilter}, so the request context exists and the deadline covers
 * every other filter.
 * <p>
 * A request whose response was already committed when its deadline passed cannot be answered
 * again: it is reported as a {@link AnomalyType#DEADLINE_AFTER_COMMIT} anomaly instead, and
 * marked with {@link #CLOSE_CONNECTION_ATTRIBUTE} so that the container closes the connection
 * rather than complete a response that was cut short.
 *
 * @since 0.1.0
 */
public class DeadlineFilter implements Filter {

	/**
	 * Order of this filter: right after the {@link MiddlewareTraceFilter}.
	 */
	public static final int ORDER = MiddlewareTraceFilter.ORDER + 1;

	/**
	 * Request attribute set on a request whose deadline passed after its response was
	 * committed: the response must not be completed, its connection is to be closed (on
	 * Tomcat, by {@code CloseConnectionValve}).
	 */
	public static final String CLOSE_CONNECTION_ATTRIBUTE = DeadlineFilter.class.getName() + ".CLOSE_CONNECTION";

	private static final Log logger = LogFactory.getLog(DeadlineFilter.class);

	private final DeadlinePolicy policy;

	private final DeadlineWatchdog watchdog;

	private final boolean interrupt;

	private final AnomalyReporter anomalies;

	/**
	 * Creates the filter.
	 * @param policy decides each request's deadline
	 * @param watchdog fires when a deadline passes
	 * @param interrupt whether to interrupt the thread still serving a request whose deadline
	 * passed
	 * @param anomalies where a deadline passing after the response was committed is reported,
	 * or {@code null}
	 */
	public DeadlineFilter(DeadlinePolicy policy, DeadlineWatchdog watchdog, boolean interrupt,
			AnomalyReporter anomalies) {
		this.policy = policy;
		this.watchdog = watchdog;
		this.interrupt = interrupt;
		this.anomalies = anomalies;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		DefaultRequestContext context = RequestContextHolder.get();
		if (context == null || !(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		// registered for REQUEST and ASYNC dispatches: the state, the owner of the context's
		// deadline, is made in the first and found again in the others
		DeadlineState state = DeadlineState.of(context);
		DeadlineGuard guard = (state != null) ? state.guard() : null;
		if (guard == null) {
			if (request.getDispatcherType() != DispatcherType.REQUEST) {
				chain.doFilter(request, response);
				return;
			}
			guard = new DeadlineGuard(context, this.watchdog, this.interrupt);
			state = guard;
			context.startDeadline(this.policy.resolve(request, context.startNanos()), guard);
			guard.watch();
			if (RequestBodies.hasBody(request)) {
				guard.body(new DeadlineRequest(request, context, guard,
						(request.getAttribute(ReadTimeout.ATTRIBUTE) instanceof ReadTimeout timeout) ? timeout : null));
			}
		}
		guard.enter(Thread.currentThread());
		DeadlineRequest body = guard.body();
		Throwable failure = null;
		try {
			chain.doFilter((body != null && request.getDispatcherType() == DispatcherType.REQUEST) ? body : request,
					response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
		}
		finally {
			guard.leave();
		}
		boolean async = request.isAsyncStarted();
		if (async) {
			guard.awaitAsyncResult();
			waitForAsyncResult(request, context);
		}
		if (context.deadline().isExpired()) {
			guard.expireOnExit();
		}
		if (!async) {
			guard.finish();
			if (body != null) {
				body.end();
			}
			if (state.isTimedOut() && !(failure instanceof VirtualMachineError)) {
				if (body != null && body.timedOutReading() && answeredRequestTimeout(response, context)) {
					// the body did not arrive within the budget: 408, as the container answers a
					// body read that timed out, through the application's error page
					context.deadlineOutcome(DeadlineOutcome.EXCEEDED);
					return;
				}
				DeadlineOutcome outcome = outcome(state, response, guard, failure);
				context.deadlineOutcome(outcome);
				if (outcome == DeadlineOutcome.EXCEEDED) {
					answerTimeout(response, state, failure);
					return;
				}
				if (outcome == DeadlineOutcome.CUT) {
					request.setAttribute(CLOSE_CONNECTION_ATTRIBUTE, Boolean.TRUE);
					reportCut(context, state.timedOutPhase());
					if (isCutShort(failure, guard)) {
						// the starter's own signal to stop the request: reported above, and the
						// connection is closed; logging it again as an application error is noise
						logger.debug("Request cut short at its deadline in " + state.timedOutPhase(), failure);
						failure = null;
					}
				}
			}
		}
		if (failure != null) {
			ServletFailures.rethrow(failure);
		}
	}

	/**
	 * A request whose body read timed out at its deadline, or was refused after it: answers
	 * {@code 408} unless the container already did (it sends the error itself when its read
	 * times out); returns {@code false} if the application had committed a response of its own.
	 */
	private static boolean answeredRequestTimeout(HttpServletResponse response, DefaultRequestContext context)
			throws IOException {
		if (!response.isCommitted()) {
			context.deadlineOutcome(DeadlineOutcome.EXCEEDED);
			response.sendError(HttpServletResponse.SC_REQUEST_TIMEOUT);
			return true;
		}
		// committed with no byte of the application's: the container's error
		return context.responseBytes() == 0;
	}

	/**
	 * What the client gets of a request whose deadline passed, decided once its last dispatch
	 * ends: a response the application had produced before the deadline is delivered whole; one
	 * still being produced is answered 504 if nothing of it was committed, and is cut (its
	 * connection closed) only if the starter stopped it or it failed. A committed response the
	 * application went on to complete without the starter stopping it is whole, and delivered.
	 */
	private static DeadlineOutcome outcome(DeadlineState state, HttpServletResponse response, DeadlineGuard guard,
			Throwable failure) {
		if (state.isResponseProduced()
				&& state.context().deadline().deadlineNanos() - state.producedNanos() >= 0) {
			return DeadlineOutcome.LATE;
		}
		if (!response.isCommitted()) {
			return DeadlineOutcome.EXCEEDED;
		}
		return (failure != null || guard.stoppedProduction()) ? DeadlineOutcome.CUT : DeadlineOutcome.LATE;
	}

	/**
	 * Whether a failure is the starter's own way of ending a request whose deadline passed: the
	 * async timeout's {@link DeadlineExceededException}, the refused write of a response being
	 * cut short, or the interruption of a wait by the starter's interrupt.
	 */
	private static boolean isCutShort(Throwable failure, DeadlineGuard guard) {
		// Spring MVC hands an exception from an async result on wrapped in a ServletException
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof DeadlineExceededException || ex instanceof AsyncRequestNotUsableException) {
				return true;
			}
			if ((ex instanceof InterruptedException || ex instanceof InterruptedIOException
					|| ex instanceof ClosedByInterruptException) && guard.stoppedProduction()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The request waits for its async result: bound the wait by the remaining budget (the
	 * container's or Spring MVC's async timeout may be longer, or infinite).
	 */
	private static void waitForAsyncResult(HttpServletRequest request, DefaultRequestContext context) {
		long remaining = Math.max(1, context.deadline().remainingMillis());
		AsyncContext async = request.getAsyncContext();
		long current = async.getTimeout();
		if (current <= 0 || current > remaining) {
			async.setTimeout(remaining);
		}
	}

	private static void answerTimeout(HttpServletResponse response, DeadlineState state, Throwable failure)
			throws IOException {
		DefaultRequestContext context = state.context();
		Deadline deadline = context.deadline();
		long elapsedMillis = (state.timedOutNanos() - context.startNanos()) / 1_000_000L;
		String phase = state.timedOutPhase();
		if (failure != null) {
			logger.debug("Request ran out of its deadline in " + phase + " and ended with an exception", failure);
		}
		ProblemDetailsWriter.Problem problem = ProblemDetailsWriter.problem(504,
				"The request ran out of its " + deadline.budget().toMillis() + " ms deadline in " + phase + ".")
			.field("route", context.route())
			.field("budgetMs", deadline.budget().toMillis())
			.field("budgetSource", deadline.source())
			.field("elapsedMs", elapsedMillis)
			.field("phase", phase);
		ProblemDetailsWriter.replaceResponse(response, problem, context);
	}

	private void reportCut(DefaultRequestContext context, String phase) {
		if (this.anomalies != null) {
			this.anomalies.report(AnomalyType.DEADLINE_AFTER_COMMIT, context, phase,
					"deadline of " + context.deadline().budget().toMillis() + " ms passed in " + phase
							+ " after the response was committed and before it was complete; it was cut short",
					null);
		}
	}

}
