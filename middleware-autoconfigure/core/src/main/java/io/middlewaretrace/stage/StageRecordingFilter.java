package io.middlewaretrace.stage;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline;
import io.middlewaretrace.context.Timeline.Outcome;
import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.web.StageRecording;

/**
 * Wraps a servlet filter (or a Spring Security chain's filter) to record, for the request being
 * served, that it was entered and how it ended: continued down the chain, short-circuited, or
 * threw. Always notes, cheaply, which filter returned without calling the chain and without
 * touching the response, so that an empty 200 can be blamed on it; records timeline events and
 * tells the {@link StageObserver} only when the request is deep-traced.
 * <p>
 * Outside a request the starter traces (before its own filter, or with the starter off), it
 * passes straight through.
 *
 * @since 0.1.0
 */
public class StageRecordingFilter implements Filter, StageRecording {

	private final String name;

	private final Filter delegate;

	private final StageType type;

	private final StageObserver observer;

	/**
	 * Creates a wrapper.
	 * @param name the stage name (filter name, or the security filter's class name)
	 * @param delegate the filter
	 * @param type {@link StageType#FILTER} or {@link StageType#SECURITY_FILTER}
	 * @param observer told about deep-traced stages
	 */
	public StageRecordingFilter(String name, Filter delegate, StageType type, StageObserver observer) {
		this.name = name;
		this.delegate = delegate;
		this.type = type;
		this.observer = observer;
	}

	@Override
	public final Object delegate() {
		return this.delegate;
	}

	/**
	 * Returns the stage name.
	 * @return the stage name
	 */
	public final String name() {
		return this.name;
	}

	@Override
	public final void init(FilterConfig filterConfig) throws ServletException {
		this.delegate.init(filterConfig);
	}

	@Override
	public final void destroy() {
		this.delegate.destroy();
	}

	@Override
	public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		DefaultRequestContext context = RequestContextHolder.get();
		if (context == null) {
			this.delegate.doFilter(request, response, chain);
			return;
		}
		int entry = context.enterFilter();
		if (this.type == StageType.FILTER) {
			context.containerFiltersWrapped();
		}
		int touches = context.responseTouches();
		long bytes = context.responseBytes();
		Timeline timeline = context.timeline();
		long start = 0;
		if (timeline != null) {
			start = System.nanoTime();
			timeline.enter(this.name, this.type, start);
			this.observer.entered(context, this.name, this.type);
		}
		String outerStage = context.enterStage(this.name);
		Outcome outcome = Outcome.THREW;
		try {
			this.delegate.doFilter(request, response, chain);
			outcome = continued(context, entry, request) ? Outcome.CONTINUED : Outcome.SHORT_CIRCUITED;
			// a security filter can only be blamed when the container filters after the security
			// chain are wrapped too (embedded Tomcat), else it may have continued into one of them
			if (outcome == Outcome.SHORT_CIRCUITED && context.areContainerFiltersWrapped()
					&& context.responseTouches() == touches
					&& context.responseBytes() == bytes && request.getDispatcherType() == DispatcherType.REQUEST
					&& !request.isAsyncStarted()) {
				context.brokenChainCandidate(this.name);
			}
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			if (context.throwingFilter() == null && thrownHere(ex, context, entry, request)) {
				context.throwingFilter(this.name);
			}
			throw ex;
		}
		finally {
			context.restoreStage(outerStage);
			if (timeline != null) {
				long end = System.nanoTime();
				timeline.exit(this.name, this.type, outcome, end);
				this.observer.exited(context, this.name, this.type, outcome, end - start);
			}
		}
	}

	/**
	 * Whether the filter passed the request on: a deeper filter was entered or the dispatcher
	 * servlet was reached (it marks every request it serves with its application context).
	 */
	private static boolean continued(DefaultRequestContext context, int entry, ServletRequest request) {
		return context.filterEntries() > entry
				|| request.getAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE) != null;
	}

	/**
	 * Whether the exception started in the wrapped filter rather than deeper in the chain: nothing
	 * deeper ran, or its stack reaches this filter's class before any servlet or other filter.
	 */
	private boolean thrownHere(Throwable ex, DefaultRequestContext context, int entry, ServletRequest request) {
		if (!continued(context, entry, request)) {
			return true;
		}
		String filterClass = this.delegate.getClass().getName();
		for (StackTraceElement frame : ex.getStackTrace()) {
			String className = frame.getClassName();
			if (className.equals(filterClass)) {
				return true;
			}
			if (className.equals(StageRecordingFilter.class.getName())
					|| className.startsWith("jakarta.servlet.http.HttpServlet")
					|| className.startsWith("org.springframework.web.servlet.")) {
				return false;
			}
		}
		return false;
	}

	@Override
	public final String toString() {
		return "StageRecordingFilter[" + this.name + " -> " + this.delegate + "]";
	}

}
