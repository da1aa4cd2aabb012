package io.middlewaretrace.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.WebUtils;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Timeline;

/**
 * The starter's first filter: opens the {@link DefaultRequestContext} of each request, binds it
 * to the thread for every dispatch (request, async, error), returns the trace id to the caller,
 * answers an exception that escapes the application as the container would (or with
 * problem+json, when configured), completes the request exactly once after its last dispatch,
 * and runs the {@link RequestParticipant}s it is given at each of those points. It names no
 * feature: access log, anomalies, snapshots, records and leak checks are participants.
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

	private final TraceSource traceSource;

	private final Participants participants;

	private final TraceFilterSettings settings;

	private final TraceHeaders traceHeaders;

	private final EscapedExceptions escapedExceptions;

	private final BodyCaptures bodies;

	private final RequestCompletion completion;

	/**
	 * Creates the filter.
	 * @param traceSource where trace ids come from ({@link TraceSource#NONE} for none)
	 * @param metrics the filter's counters ({@link RequestMetrics#NONE} for none)
	 * @param participants the features' parts in each request, in order
	 * @param settings what the filter does beyond opening the context
	 */
	public MiddlewareTraceFilter(TraceSource traceSource, RequestMetrics metrics,
			List<? extends RequestParticipant> participants, TraceFilterSettings settings) {
		this.traceSource = traceSource;
		this.participants = new Participants(participants, metrics);
		this.settings = settings;
		this.traceHeaders = new TraceHeaders(metrics, settings.traceResponseHeader(), settings.traceIdHeader());
		this.escapedExceptions = new EscapedExceptions(this.participants, settings.problemDetails());
		this.bodies = new BodyCaptures(settings.bodyCaptureLimit(), settings.bodyReplayLimit(), this.participants);
		this.completion = new RequestCompletion(this.participants);
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
		HttpServletRequest tracedRequest = this.bodies.wrap(request);
		TracingResponseWrapper wrapper = WebUtils.getNativeResponse(response, TracingResponseWrapper.class);
		HttpServletResponse tracedResponse = response;
		if (wrapper == null) {
			wrapper = new TracingResponseWrapper(response, context, this.participants, this.bodies.responseCapture(request));
			tracedResponse = wrapper;
		}
		context.beginDispatch();
		boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
		this.participants.dispatchStarting(context, request);
		boolean restoredTrace = ContextBinding.bind(context, errorDispatch);
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
			this.escapedExceptions.handle(ex, request, tracedResponse, context);
		}
		finally {
			if (timeline != null) {
				timeline.exit(STAGE, Timeline.StageType.FILTER, outcome);
			}
			ContextBinding.unbind(restoredTrace);
			this.participants.dispatchEnded(context, request);
			this.completion.afterDispatch(request, tracedResponse, wrapper, context);
		}
	}

	private DefaultRequestContext open(HttpServletRequest request, HttpServletResponse response) {
		DefaultRequestContext.Builder builder = DefaultRequestContext.builder(request.getMethod())
			.timeline(this.settings.timelineCapacity());
		this.traceSource.applyTo(builder);
		DefaultRequestContext context = builder.build();
		request.setAttribute(CONTEXT_ATTRIBUTE, context);
		this.participants.requestStarted(context, request);
		this.traceHeaders.apply(request, response, context);
		return context;
	}

	/**
	 * Completes the request of the given servlet request if nothing did so yet: the safety net
	 * for a request that sent an error status the container answered without an ERROR dispatch
	 * (no error page configured).
	 * @param request the servlet request
	 */
	public void completeIfPending(ServletRequest request) {
		this.completion.completeIfPending(request);
	}

}
