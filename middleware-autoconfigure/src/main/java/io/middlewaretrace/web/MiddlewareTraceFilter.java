package io.middlewaretrace.web;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.util.WebUtils;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.support.RequestBodies;
import io.middlewaretrace.support.ServletFailures;

/**
 * The starter's first filter: opens the {@link DefaultRequestContext} of each request, binds it to the
 * thread for every dispatch (request, async, error), returns the trace id to the caller, logs
 * an exception that escapes the application once, on its trace, and hands it to the container's
 * error page as the container would (or, with middleware.errors.problem-details on,
 * answers it with problem+json), and completes
 * the request exactly once after its last dispatch.
 * <p>
 * It runs right after Spring Boot's {@code ServerHttpObservationFilter}, so the server span is
 * already in scope and its trace id is the request's, and everything this filter logs carries it.
 *
 * @since 0.1.0
 */
public class MiddlewareTraceFilter extends OncePerRequestFilter {

	/**
	 * Order of this filter: right after Spring Boot's server observation filter
	 * ({@code Ordered.HIGHEST_PRECEDENCE + 1}), before every application filter.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	/**
	 * MDC key of the route pattern.
	 */
	public static final String ROUTE_MDC_KEY = "route";

	/**
	 * Request attribute holding the {@link DefaultRequestContext}.
	 */
	public static final String CONTEXT_ATTRIBUTE = MiddlewareTraceFilter.class.getName() + ".context";

	static final String STAGE = "middlewareTraceFilter";

	private static final String ALREADY_FILTERED_ATTRIBUTE = MiddlewareTraceFilter.class.getName() + ".FILTERED";

	/**
	 * Request attribute holding the {@link CapturingRequest} of the request, when bodies are
	 * captured or replayed.
	 */
	public static final String REQUEST_BODY_ATTRIBUTE = MiddlewareTraceFilter.class.getName() + ".requestBody";

	/**
	 * Request attribute holding the response's {@link BodyCapture}, when bodies are captured.
	 */
	public static final String RESPONSE_BODY_ATTRIBUTE = MiddlewareTraceFilter.class.getName() + ".responseBody";

	private static final String PENDING_STATUS_ATTRIBUTE = MiddlewareTraceFilter.class.getName() + ".pendingStatus";

	private static final String TRACE_ID_MDC_KEY = "traceId";

	private static final String SPAN_ID_MDC_KEY = "spanId";

	private static final Log logger = LogFactory.getLog(MiddlewareTraceFilter.class);

	private final TraceSource traceSource;

	private final RequestMetrics metrics;

	private final Participants participants;

	private final Settings settings;

	private final BodyReadTwiceListener bodyReadTwice = this::bodyReadTwice;

	/**
	 * Creates the filter.
	 * @param traceSource where trace ids come from ({@link TraceSource#NONE} for none)
	 * @param metrics the filter's counters ({@link RequestMetrics#NONE} for none)
	 * @param participants the features' parts in each request, in order
	 * @param settings what the filter does beyond opening the context
	 */
	public MiddlewareTraceFilter(TraceSource traceSource, RequestMetrics metrics,
			List<? extends RequestParticipant> participants, Settings settings) {
		this.traceSource = traceSource;
		this.metrics = metrics;
		this.participants = new Participants(participants, metrics);
		this.settings = settings;
	}

	/**
	 * Returns the participants the filter runs, in order.
	 * @return the participants
	 */
	public List<RequestParticipant> participants() {
		return this.participants.asList();
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// the default concatenates a new string on every request
		return ALREADY_FILTERED_ATTRIBUTE;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DefaultRequestContext context = (DefaultRequestContext) request.getAttribute(CONTEXT_ATTRIBUTE);
		if (context == null) {
			if (request.getDispatcherType() != DispatcherType.REQUEST) {
				chain.doFilter(request, response);
				return;
			}
			context = open(request, response);
		}
		HttpServletRequest tracedRequest = request;
		// a request has one REQUEST dispatch, and this filter runs once in it
		if (request.getDispatcherType() == DispatcherType.REQUEST && this.settings.wrapsRequest()
				&& RequestBodies.hasBody(request)) {
			tracedRequest = new CapturingRequest(request,
					(this.settings.bodyCaptureLimit() >= 0) ? new BodyCapture(this.settings.bodyCaptureLimit()) : null,
					this.settings.bodyReplayLimit(), this.bodyReadTwice);
			request.setAttribute(REQUEST_BODY_ATTRIBUTE, tracedRequest);
		}
		TracingResponseWrapper wrapper = WebUtils.getNativeResponse(response, TracingResponseWrapper.class);
		HttpServletResponse tracedResponse = response;
		if (wrapper == null) {
			wrapper = new TracingResponseWrapper(response, context, this.participants, responseCapture(request));
			tracedResponse = wrapper;
		}
		context.beginDispatch();
		boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
		this.participants.dispatchStarting(context, request);
		boolean restoredTrace = bind(context, errorDispatch);
		Timeline timeline = context.timeline();
		if (timeline != null) {
			timeline.enter(STAGE, Timeline.StageType.FILTER);
		}
		Timeline.Outcome outcome = Timeline.Outcome.CONTINUED;
		try {
			chain.doFilter(tracedRequest, tracedResponse);
			this.participants.dispatchReturned(context, request, wrapper);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			outcome = Timeline.Outcome.THREW;
			if (wrapper.isAnsweredByContainer()) {
				// the container already answered (a 400 for a body it could not read): what
				// escaped is its to handle, exactly as without the starter, not an application
				// failure after commit
				throw ex;
			}
			handleEscapedException(ex, request, tracedResponse, context);
		}
		finally {
			if (timeline != null) {
				timeline.exit(STAGE, Timeline.StageType.FILTER, outcome);
			}
			unbind(restoredTrace);
			this.participants.dispatchEnded(context, request);
			afterDispatch(request, tracedResponse, wrapper, context);
		}
	}

	/**
	 * The response body capture of the request, shared by its dispatches (an error page's body
	 * follows what the handler wrote), or {@code null} without snapshots.
	 */
	private BodyCapture responseCapture(HttpServletRequest request) {
		if (this.settings.bodyCaptureLimit() < 0) {
			return null;
		}
		if (request.getAttribute(RESPONSE_BODY_ATTRIBUTE) instanceof BodyCapture capture) {
			return capture;
		}
		BodyCapture capture = new BodyCapture(this.settings.bodyCaptureLimit());
		request.setAttribute(RESPONSE_BODY_ATTRIBUTE, capture);
		return capture;
	}

	/**
	 * The handler met a request body that a filter consumed and that was too large to replay.
	 */
	private void bodyReadTwice(long bytesReadBefore) {
		this.participants.bodyReadTwice(RequestContextHolder.get(), bytesReadBefore, this.settings.bodyReplayLimit());
	}

	private DefaultRequestContext open(HttpServletRequest request, HttpServletResponse response) {
		DefaultRequestContext.Builder builder = DefaultRequestContext.builder(request.getMethod())
			.timeline(this.settings.timelineCapacity());
		this.traceSource.applyTo(builder);
		DefaultRequestContext context = builder.build();
		request.setAttribute(CONTEXT_ATTRIBUTE, context);
		this.participants.requestStarted(context, request);
		String traceparent = validTraceparent(request);
		String traceId = context.traceId();
		if (traceId != null) {
			if (this.settings.traceResponseHeader()) {
				response.setHeader("traceresponse", "00-" + traceId + "-" + context.spanId() + "-"
						+ Traceparent.responseFlags(traceparent, traceId, Boolean.TRUE.equals(context.sampled())));
			}
			if (this.settings.traceIdHeader()) {
				response.setHeader("X-Trace-Id", traceId);
			}
		}
		return context;
	}

	/**
	 * Counts a missing or invalid {@code traceparent}; returns the request's one valid
	 * {@code traceparent}, or {@code null}.
	 */
	private String validTraceparent(HttpServletRequest request) {
		// getHeader answers the common cases without allocating; only a present header is
		// checked for duplicates
		String first = request.getHeader(Traceparent.HEADER);
		if (first == null) {
			this.metrics.traceparentMissing();
			return null;
		}
		if (!Traceparent.isValid(first) || isRepeated(request)) {
			this.metrics.traceparentMalformed();
			return null;
		}
		return first;
	}

	private static boolean isRepeated(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(Traceparent.HEADER);
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		values.nextElement();
		return values.hasMoreElements();
	}

	/**
	 * Binds the context to the thread; returns whether trace and span id were put in the MDC
	 * here, to be removed again by {@link #unbind(boolean)}.
	 */
	private boolean bind(DefaultRequestContext context, boolean errorDispatch) {
		RequestContextHolder.set(context);
		String route = context.routePattern();
		if (route != null) {
			MDC.put(ROUTE_MDC_KEY, route);
		}
		// Boot's observation filter does not run for ERROR dispatches: keep the error page's log
		// lines on the request's trace
		if (errorDispatch && context.traceId() != null && MDC.get(TRACE_ID_MDC_KEY) == null) {
			MDC.put(TRACE_ID_MDC_KEY, context.traceId());
			MDC.put(SPAN_ID_MDC_KEY, context.spanId());
			return true;
		}
		return false;
	}

	private void unbind(boolean restoredTrace) {
		MDC.remove(ROUTE_MDC_KEY);
		if (restoredTrace) {
			MDC.remove(TRACE_ID_MDC_KEY);
			MDC.remove(SPAN_ID_MDC_KEY);
		}
		RequestContextHolder.clear();
	}

	private void handleEscapedException(Throwable ex, HttpServletRequest request, HttpServletResponse response,
			DefaultRequestContext context) throws IOException, ServletException {
		Throwable cause = unwrap(ex);
		if (cause instanceof VirtualMachineError || DisconnectedClientHelper.isClientDisconnectedException(cause)) {
			// out of memory: nothing sensible to answer; a client that went away: nothing to
			// answer it with, and no application failure to report
			ServletFailures.rethrow(ex);
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((observation) -> observation.setError(cause));
		this.participants.exceptionEscaped(context, request, cause, ex);
		boolean tomcat = ContainerErrors.isTomcat(request);
		if (tomcat && ContainerErrors.isTomcatsOwnAnswer(ex)) {
			// a request body Tomcat could not read, a stream it closed, a servlet that declared
			// itself unavailable: Tomcat answers them its own way (400, nothing, 503) and logs what
			// it means to (bad input at debug only: it is no failure of the application)
			if (!response.isCommitted()) {
				response.setStatus(ContainerErrors.status(ex));
			}
			ServletFailures.rethrow(ex);
		}
		String failed = "Unhandled exception in " + request.getMethod() + " " + context.route();
		if (response.isCommitted()) {
			// nothing can be answered any more; rethrow so the container aborts the response and
			// the client sees it truncated. The container logs it again, outside the trace: the
			// trace id in the message ties that line to this one.
			logger.error(failed + " after the response was committed", cause);
			throw new ServletException(failed + " after the response was committed (traceId=" + context.traceId() + ")",
					cause);
		}
		if (this.settings.problemDetails()) {
			int status = (cause instanceof ErrorResponse errorResponse) ? errorResponse.getStatusCode().value() : 500;
			logger.error(failed + "; answered " + status + " problem+json", cause);
			ProblemDetailsWriter.write(response, status, context);
			return;
		}
		if (tomcat && request.getDispatcherType() != DispatcherType.ERROR) {
			// do what Tomcat does with it, minus its log line outside the trace: the exception as
			// thrown goes to the error page Tomcat picks for it (one registered for its type, or
			// the one for 500), which sees the same request attributes and message
			logger.error(failed + "; answered 500 by the error page", cause);
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ex);
			response.sendError(500);
			return;
		}
		// an error page that failed goes back to Tomcat, which answers it itself; on another
		// container, whose error handling the starter does not mimic, or on MockMvc, the exception
		// reaches the container or the test as it would without the starter
		logger.error(failed + "; handed to the container", cause);
		// as Spring's observation filter does, so that the request completes with the status
		// the client gets
		response.setStatus(ContainerErrors.status(ex));
		ServletFailures.rethrow(ex);
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while (cause instanceof ServletException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private void afterDispatch(HttpServletRequest request, HttpServletResponse response,
			TracingResponseWrapper wrapper, DefaultRequestContext context) {
		if (context.routePattern() == null && request.getDispatcherType() != DispatcherType.ERROR
				&& request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			context.routePattern(pattern);
		}
		if (request.isAsyncStarted()) {
			if (request.getAttribute(AsyncCompletion.ATTRIBUTE) == null) {
				request.setAttribute(AsyncCompletion.ATTRIBUTE, Boolean.TRUE);
				request.getAsyncContext().addListener(new AsyncCompletion(this, context));
			}
			return;
		}
		// after sendError, the application's or the container's own, a container renders its
		// error page in an ERROR dispatch that we see too, with the status the client gets;
		// complete there (or, with no error page, in requestDestroyed). A mock container
		// (MockMvc) has neither, so complete now.
		if (request.getDispatcherType() != DispatcherType.ERROR
				&& (wrapper.isErrorSent() || wrapper.isAnsweredByContainer()) && !isMockContainer(request)) {
			request.setAttribute(PENDING_STATUS_ATTRIBUTE, response.getStatus());
			return;
		}
		complete(context, response.getStatus(), request, response);
	}

	private static boolean isMockContainer(HttpServletRequest request) {
		String serverInfo = request.getServletContext().getServerInfo();
		return serverInfo != null && serverInfo.startsWith("MockServletContext");
	}

	/**
	 * Completes the request of the given servlet request if nothing did so yet: the safety net
	 * for a request that sent an error status the container answered without an ERROR dispatch
	 * (no error page configured).
	 * @param request the servlet request
	 */
	public void completeIfPending(ServletRequest request) {
		if (request.getAttribute(CONTEXT_ATTRIBUTE) instanceof DefaultRequestContext context
				&& request.getAttribute(PENDING_STATUS_ATTRIBUTE) instanceof Integer status) {
			complete(context, status, (request instanceof HttpServletRequest http) ? http : null, null);
		}
	}

	void complete(DefaultRequestContext context, int status, HttpServletRequest request, HttpServletResponse response) {
		if (!context.complete(status, System.nanoTime())) {
			return;
		}
		// what the request borrowed and still holds (connections, tasks) is checked first, so
		// that the listeners see its leaks
		context.endLeases();
		this.participants.requestCompleted(context, request, response);
	}

	/**
	 * What the filter does beyond opening the context.
	 *
	 * @param traceResponseHeader whether to send the W3C {@code traceresponse} header
	 * @param traceIdHeader whether to send the {@code X-Trace-Id} header
	 * @param problemDetails whether to answer escaped exceptions with problem+json instead of
	 * handing them to the container's error page
	 * @param timelineCapacity stage events kept per request; 0 turns deep tracing off
	 * @param bodyCaptureLimit request and response body bytes captured for snapshots, -1 for no
	 * capture
	 * @param bodyReplayLimit request body bytes kept so that the body can be read again after a
	 * filter consumed it, 0 for no replay
	 */
	public record Settings(boolean traceResponseHeader, boolean traceIdHeader, boolean problemDetails,
			int timelineCapacity, int bodyCaptureLimit, int bodyReplayLimit) {

		/**
		 * Settings without body capture or replay.
		 * @param traceResponseHeader whether to send the W3C {@code traceresponse} header
		 * @param traceIdHeader whether to send the {@code X-Trace-Id} header
		 * @param problemDetails whether to answer escaped exceptions with problem+json
		 * @param timelineCapacity stage events kept per request; 0 turns deep tracing off
		 */
		public Settings(boolean traceResponseHeader, boolean traceIdHeader, boolean problemDetails,
				int timelineCapacity) {
			this(traceResponseHeader, traceIdHeader, problemDetails, timelineCapacity, -1, 0);
		}

		boolean wrapsRequest() {
			return this.bodyCaptureLimit >= 0 || this.bodyReplayLimit > 0;
		}

	}

	private static final class AsyncCompletion implements AsyncListener {

		static final String ATTRIBUTE = AsyncCompletion.class.getName();

		private final MiddlewareTraceFilter filter;

		private final DefaultRequestContext context;

		AsyncCompletion(MiddlewareTraceFilter filter, DefaultRequestContext context) {
			this.filter = filter;
			this.context = context;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			HttpServletResponse response = (event.getSuppliedResponse() instanceof HttpServletResponse http) ? http
					: null;
			HttpServletRequest request = (event.getSuppliedRequest() instanceof HttpServletRequest http) ? http : null;
			this.filter.complete(this.context, (response != null) ? response.getStatus() : 500, request, response);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// a new async cycle replaces the listeners: stay registered for it
			event.getAsyncContext().addListener(this);
		}

	}

}
