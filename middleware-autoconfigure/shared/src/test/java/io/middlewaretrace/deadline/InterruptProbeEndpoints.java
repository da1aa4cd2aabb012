package io.middlewaretrace.deadline;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A probe between the starter's response wrapper and the container: a filter ahead of the
 * starter's wraps the container's response, so every write that reaches "the container" passes
 * the probe, which stands for the container's own blocking I/O: it fails if the thread arrives
 * interrupted, and it waits like a socket write to a slow client does, failing if an interrupt
 * lands during the wait.
 */
@Configuration(proxyBeanMethods = false)
class InterruptProbeEndpoints {

	/**
	 * What the probe saw that should never happen.
	 */
	static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();

	/**
	 * How long the probe's container write blocks, in milliseconds.
	 */
	static final long WRITE_MILLIS = 40;

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> containerIoProbe() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						chain.doFilter(request, request.getRequestURI().startsWith("/probe/")
								? new ProbedResponse(response) : response);
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	static void check(String operation) {
		if (Thread.currentThread().isInterrupted()) {
			VIOLATIONS.add(operation + " entered the container interrupted");
		}
	}

	static void blockingWait(String operation) {
		try {
			Thread.sleep(WRITE_MILLIS);
		}
		catch (InterruptedException ex) {
			VIOLATIONS.add("interrupt landed inside the container's " + operation);
			Thread.currentThread().interrupt();
		}
	}

	static final class ProbedResponse extends HttpServletResponseWrapper {

		private ServletOutputStream stream;

		ProbedResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				ServletOutputStream delegate = super.getOutputStream();
				this.stream = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						check("write");
						delegate.write(b);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						check("write");
						blockingWait("write");
						delegate.write(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						check("flush");
						delegate.flush();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						delegate.setWriteListener(listener);
					}

				};
			}
			return this.stream;
		}

		@Override
		public void flushBuffer() throws IOException {
			check("flushBuffer");
			super.flushBuffer();
		}

	}

	@RestController
	static class ProbeController {

		/**
		 * Writes {@code chunks} chunks of 1 KiB, each a blocking container write.
		 */
		@GetMapping("/probe/writes")
		void writes(@RequestParam int chunks, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			byte[] chunk = new byte[1024];
			java.util.Arrays.fill(chunk, (byte) 'w');
			for (int i = 0; i < chunks; i++) {
				response.getOutputStream().write(chunk);
				response.flushBuffer();
			}
		}

		/**
		 * Sleeps; when interrupted, restores the flag as well-behaved code does, and writes its
		 * body anyway.
		 */
		@GetMapping("/probe/swallow-then-write")
		void swallowThenWrite(@RequestParam long millis, HttpServletResponse response) throws IOException {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			response.setContentType("text/plain");
			response.getOutputStream().write("late body".getBytes());
		}

	}

}
