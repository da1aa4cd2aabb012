package io.middlewaretrace.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.context.Timeline.StageType;
import io.middlewaretrace.stage.StageObserver;
import io.middlewaretrace.stage.StageRecordingFilter;
import io.middlewaretrace.stage.StageRecordingInterceptor;

/**
 * Per-request cost of the stage-recording wrappers: a chain of 10 pass-through filters and 3
 * interceptors (preHandle, postHandle, afterCompletion each), as plain components, wrapped with
 * deep tracing off (what every request pays on embedded Tomcat: broken-chain bookkeeping), and
 * wrapped with deep tracing on (timeline events recorded). The request context is bound as the
 * starter's filter binds it; the terminal "servlet" marks the request as dispatched, as
 * {@code DispatcherServlet} does. {@code mode=X} minus {@code mode=plain} is the wrappers' cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StageBenchmark {

	static final int FILTERS = 10;

	@State(Scope.Thread)
	public static class Chain {

		@Param({ "plain", "wrapped-off", "wrapped-on" })
		public String mode;

		final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");

		final MockHttpServletResponse response = new MockHttpServletResponse();

		Filter[] filters;

		HandlerInterceptor[] interceptors;

		boolean tracing;

		@Setup(Level.Trial)
		public void setUp() {
			boolean wrapped = !this.mode.equals("plain");
			this.tracing = this.mode.equals("wrapped-on");
			this.filters = new Filter[FILTERS];
			for (int i = 0; i < FILTERS; i++) {
				Filter passThrough = (request, response, chain) -> chain.doFilter(request, response);
				this.filters[i] = wrapped
						? new StageRecordingFilter("filter" + i, passThrough, StageType.FILTER, StageObserver.NONE)
						: passThrough;
			}
			this.interceptors = new HandlerInterceptor[3];
			for (int i = 0; i < 3; i++) {
				HandlerInterceptor plain = new HandlerInterceptor() {
				};
				this.interceptors[i] = wrapped
						? new StageRecordingInterceptor("Interceptor" + i, plain, StageObserver.NONE) : plain;
			}
		}

	}

	@Benchmark
	public Object request(Chain chain) throws Exception {
		chain.request.removeAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE);
		DefaultRequestContext context = DefaultRequestContext.builder("GET").timeline(chain.tracing ? 256 : 0).build();
		RequestContextHolder.set(context);
		try {
			context.beginDispatch();
			new Position(chain, 0).doFilter(chain.request, chain.response);
			return context;
		}
		finally {
			RequestContextHolder.clear();
		}
	}

	/**
	 * A container-like chain: one position object per filter, as Tomcat's chain advances.
	 */
	static final class Position implements FilterChain {

		private final Chain chain;

		private int index;

		Position(Chain chain, int index) {
			this.chain = chain;
			this.index = index;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			if (this.index < FILTERS) {
				this.chain.filters[this.index++].doFilter(request, response, this);
				return;
			}
			request.setAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE, Boolean.TRUE);
			try {
				for (HandlerInterceptor interceptor : this.chain.interceptors) {
					interceptor.preHandle(this.chain.request, this.chain.response, this);
				}
				for (int i = this.chain.interceptors.length - 1; i >= 0; i--) {
					this.chain.interceptors[i].postHandle(this.chain.request, this.chain.response, this, null);
				}
				for (int i = this.chain.interceptors.length - 1; i >= 0; i--) {
					this.chain.interceptors[i].afterCompletion(this.chain.request, this.chain.response, this, null);
				}
			}
			catch (Exception ex) {
				throw new ServletException(ex);
			}
		}

	}

}
