package io.middlewaretrace.deadline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.View;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Endpoints whose response is complete, or still being produced, when their deadline passes:
 * the deadline passes at a point the test chooses (the endpoint shortens it to pass right there,
 * and spins, which no interrupt stops, until the starter marked the request timed out), so a
 * generous budget keeps a slow machine from passing it anywhere else.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryTestEndpoints {

	/**
	 * How often a view rendered its body.
	 */
	static final AtomicInteger RENDERS = new AtomicInteger();

	static final String JSON_BODY = "{\"owner\":\"" + "x".repeat(2_000) + "\"}";

	/**
	 * A view that writes {@code beforeKb} KiB, lets the deadline pass if {@code expireInRender} is
	 * set, spins {@code millis}, then writes {@code afterKb} KiB more (request parameters).
	 */
	@Bean
	View slowPage() {
		return new View() {

			@Override
			public String getContentType() {
				return "text/html";
			}

			@Override
			public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
					throws IOException {
				RENDERS.incrementAndGet();
				response.setContentType("text/html;charset=UTF-8");
				PrintWriter writer = response.getWriter();
				writer.write(page('a', intParam(request, "beforeKb")));
				if (request.getParameter("expireInRender") != null) {
					awaitTimedOut();
				}
				spin(longParam(request, "millis"));
				writer.write(page('b', intParam(request, "afterKb")));
			}

		};
	}

	/**
	 * Spins, after the whole chain returned, until the request's deadline was acted on: the
	 * deadline passes while the filters unwind, after the response was produced.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> waitAfterChainFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						chain.doFilter(request, response);
						if (request.getParameter("waitAfterChain") != null) {
							awaitTimedOut();
						}
					}
				});
		registration.setOrder(DeadlineFilter.ORDER + 1);
		return registration;
	}

	static String page(char letter, int kib) {
		return String.valueOf(letter).repeat(kib * 1024);
	}

	/**
	 * Lets the current request's deadline pass now: shortens it to 1 ms and spins until the
	 * starter marked the request timed out (at most 3 s).
	 */
	static void awaitTimedOut() {
		DefaultRequestContext context = RequestContextHolder.get();
		context.shortenDeadline(Duration.ofMillis(1));
		long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (!DeadlineState.isTimedOut(context) && System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	static void spin(long millis) {
		long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	private static int intParam(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		return (value != null) ? Integer.parseInt(value) : 0;
	}

	private static long longParam(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	/**
	 * A body whose serialization runs the request out of its deadline.
	 */
	record LateOwner(String name) {

		@Override
		public String name() {
			awaitTimedOut();
			return this.name;
		}

	}

	@Controller
	static class DeliveryController {

		@GetMapping("/delivery/json")
		@ResponseBody
		Map<String, Object> json() {
			return Map.of("owner", "x".repeat(2_000));
		}

		/**
		 * A JSON body whose deadline passes while the message converter serializes it, after
		 * every check before the write: the converter's write is refused, and Spring MVC answers
		 * the refusal with an error of its own (Spring Framework 7 wraps it in
		 * {@code HttpMessageNotWritableException}, a 500 its exception resolver sends).
		 */
		@GetMapping("/delivery/json-late-serialized")
		@ResponseBody
		LateOwner jsonLateSerialized() {
			return new LateOwner("x".repeat(2_000));
		}

		@GetMapping("/delivery/sized")
		void sized(@RequestParam(defaultValue = "false") boolean waitAfterBody, HttpServletResponse response)
				throws IOException {
			byte[] body = JSON_BODY.getBytes(StandardCharsets.UTF_8);
			response.setContentType("application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			if (waitAfterBody) {
				awaitTimedOut();
			}
		}

		@GetMapping("/delivery/timed")
		@ResponseBody
		Map<String, Object> timed(@RequestParam long millis) throws InterruptedException {
			Thread.sleep(millis);
			return Map.of("owner", "x".repeat(2_000));
		}

		@GetMapping("/delivery/timed-stream")
		void timedStream(@RequestParam long millis, @RequestParam(defaultValue = "0") long deadlineInSleepMs,
				HttpServletResponse response) throws IOException, InterruptedException {
			response.setContentType("text/plain");
			response.getOutputStream().write(DeliveryTestEndpoints.page('a', 1).getBytes(StandardCharsets.US_ASCII));
			response.flushBuffer();
			if (deadlineInSleepMs > 0) {
				RequestContext.current().orElseThrow().shortenDeadline(Duration.ofMillis(deadlineInSleepMs));
			}
			Thread.sleep(millis);
			response.getOutputStream().write(DeliveryTestEndpoints.page('b', 1).getBytes(StandardCharsets.US_ASCII));
		}

		/**
		 * A body written in full and flushed, then flushed once more after the deadline passed,
		 * as a message converter flushes its generator and then the body stream.
		 */
		@GetMapping("/delivery/flushed-twice")
		void flushedTwice(HttpServletResponse response) throws IOException {
			response.setContentType("application/json");
			response.getOutputStream().write(JSON_BODY.getBytes(StandardCharsets.UTF_8));
			response.getOutputStream().flush();
			awaitTimedOut();
			response.getOutputStream().flush();
		}

		/**
		 * A body written in full and flushed, then a wait on a lock (bookkeeping after the
		 * response, say) that the deadline passes in: the interrupt lands on the lock's park,
		 * which does not end the wait (the lock is not interruptible) and leaves the flag set;
		 * the holder lets go after the request timed out, and the handler returns as if nothing
		 * happened.
		 */
		@GetMapping("/delivery/after-lock")
		void afterLock(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getOutputStream().write(DeliveryTestEndpoints.page('a', 1).getBytes(StandardCharsets.US_ASCII));
			response.getOutputStream().write(DeliveryTestEndpoints.page('b', 1).getBytes(StandardCharsets.US_ASCII));
			response.flushBuffer();
			DefaultRequestContext context = RequestContextHolder.get();
			ReentrantLock lock = new ReentrantLock();
			Thread holder = new Thread(() -> {
				lock.lock();
				try {
					context.shortenDeadline(Duration.ofMillis(100));
					long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
					while (!DeadlineState.isTimedOut(context) && System.nanoTime() - end < 0) {
						Thread.onSpinWait();
					}
					// the watchdog interrupts right after it marks the request timed out
					spin(200);
				}
				finally {
					lock.unlock();
				}
			});
			holder.start();
			while (!lock.isLocked()) {
				Thread.onSpinWait();
			}
			lock.lock();
			lock.unlock();
		}

		@GetMapping("/delivery/page")
		String page(@RequestParam(defaultValue = "0") long handlerMillis,
				@RequestParam(defaultValue = "false") boolean expireInHandler) {
			if (expireInHandler) {
				awaitTimedOut();
			}
			spin(handlerMillis);
			return "slowPage";
		}

	}

}
