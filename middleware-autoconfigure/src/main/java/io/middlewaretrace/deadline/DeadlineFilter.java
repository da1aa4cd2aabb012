package io.middlewaretrace.deadline;

import java.io.IOException;

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

import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.anomaly.AnomalyType;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.context.RequestContextHolder;
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
	 * Tomcat, by {@link io.middlewaretrace.deadline.tomcat.CloseConnectionValve}).
	 */
	public static final String CLOSE_CONNECTION_ATTRIBUTE = DeadlineFilter.class.getName() + ".CLOSE_CONNECTION";

	private static final Log logger = LogFactory.getLog(DeadlineFilter.class);

	private final DeadlinePolicy policy;

	private final DeadlineWatchdog watchdog;

	private final boolean interrupt;

	private final AnomalyRegistry anomalies;

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
			AnomalyRegistry anomalies) {
		this.policy = policy;
		this.watchdog = watchdog;
		this.interrupt = interrupt;
		this.anomalies = anomalies;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		RequestContext context = RequestContextHolder.get();
		if (context == null || !(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		// registered for REQUEST and ASYNC dispatches: the guard, kept by the context, is made
		// in the first and found again in the others
		DeadlineGuard guard = (context.deadlineListener() instanceof DeadlineGuard existing) ? existing : null;
		if (guard == null) {
			if (request.getDispatcherType() != DispatcherType.REQUEST) {
				chain.doFilter(request, response);
				return;
			}
			guard = new DeadlineGuard(context, this.watchdog, this.interrupt);
			Deadline deadline = this.policy.resolve(request, context.startNanos());
			context.startDeadline(deadline, guard);
			guard.watch();
		}
		guard.enter(Thread.currentThread());
		Throwable failure = null;
		try {
			chain.doFilter(request, response);
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
		}
		if (context.isTimedOut() && !(failure instanceof VirtualMachineError)) {
			if (!async && !response.isCommitted()) {
				answerTimeout(request, response, context, failure);
				return;
			}
			if (response.isCommitted()) {
				if (!async) {
					// a request still waiting for its async result is closed by its last dispatch
					request.setAttribute(CLOSE_CONNECTION_ATTRIBUTE, Boolean.TRUE);
				}
				reportAfterCommit(context);
				if (isCutShort(failure)) {
					// the starter's own signal to stop the request: reported above, and the
					// connection is closed; logging it again as an application error is noise
					failure = null;
				}
			}
		}
		if (failure != null) {
			ServletFailures.rethrow(failure);
		}
	}

	/**
	 * Whether a failure is the starter's own way of ending a request whose deadline passed: the
	 * async timeout's {@link DeadlineExceededException}, or the refused write of a response
	 * being cut short.
	 */
	private static boolean isCutShort(Throwable failure) {
		// Spring MVC hands an exception from an async result on wrapped in a ServletException
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof DeadlineExceededException || ex instanceof AsyncRequestNotUsableException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The request waits for its async result: bound the wait by the remaining budget (the
	 * container's or Spring MVC's async timeout may be longer, or infinite).
	 */
	private static void waitForAsyncResult(HttpServletRequest request, RequestContext context) {
		long remaining = Math.max(1, context.deadline().remainingMillis());
		AsyncContext async = request.getAsyncContext();
		long current = async.getTimeout();
		if (current <= 0 || current > remaining) {
			async.setTimeout(remaining);
		}
	}

	private void answerTimeout(HttpServletRequest request, HttpServletResponse response, RequestContext context,
			Throwable failure) throws IOException {
		Deadline deadline = context.deadline();
		long elapsedMillis = (context.timedOutNanos() - context.startNanos()) / 1_000_000L;
		String phase = context.timedOutPhase();
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

	private void reportAfterCommit(RequestContext context) {
		if (this.anomalies != null) {
			this.anomalies.report(AnomalyType.DEADLINE_AFTER_COMMIT, context, context.timedOutPhase(),
					"deadline of " + context.deadline().budget().toMillis() + " ms passed in "
							+ context.timedOutPhase() + " after the response was committed; it could not be answered 504",
					null);
		}
	}

}
