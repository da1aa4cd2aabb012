package io.middlewaretrace.deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import io.middlewaretrace.context.RequestContext;

/**
 * Handlers that spend their request's budget in the ways deadline tests need.
 */
@TestConfiguration(proxyBeanMethods = false)
class DeadlineTestEndpoints {

	@RestController
	static class DeadlineController {

		@GetMapping("/deadline/sleep")
		String sleep(@RequestParam long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "slept";
		}

		@GetMapping("/deadline/busy")
		String busy(@RequestParam long millis) {
			// ignores interrupts: the deadline can only answer once it returns
			long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
			while (System.nanoTime() - end < 0) {
				Thread.onSpinWait();
			}
			return "done";
		}

		@GetMapping("/deadline/swallow")
		String swallow(@RequestParam long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				// well-behaved code restores the flag; the starter must still answer
				Thread.currentThread().interrupt();
			}
			return "swallowed";
		}

		@GetMapping("/deadline/flush-then-sleep")
		void flushThenSleep(@RequestParam long millis, HttpServletResponse response)
				throws IOException, InterruptedException {
			response.setContentType("text/plain");
			response.getWriter().write("partial");
			response.flushBuffer();
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@GetMapping("/deadline/stream")
		void stream(@RequestParam int chunks, @RequestParam long intervalMillis, HttpServletResponse response)
				throws IOException {
			// chunked: no content length, every chunk flushed; stops quietly when interrupted at the
			// deadline, as well-behaved streaming code does (an exception would make Tomcat close
			// the connection on its own)
			response.setContentType("text/plain");
			for (int i = 0; i < chunks; i++) {
				response.getOutputStream().print("chunk " + i + "\n");
				response.flushBuffer();
				try {
					Thread.sleep(intervalMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		@GetMapping("/deadline/stream-past-deadline")
		void streamPastDeadline(@RequestParam long millis, HttpServletResponse response) throws IOException {
			// ignores interrupts and finishes normally, after its deadline passed
			response.setContentType("text/plain");
			response.getOutputStream().print("first\n");
			response.flushBuffer();
			long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
			while (System.nanoTime() - end < 0) {
				Thread.onSpinWait();
			}
			response.getOutputStream().print("last\n");
		}

		@GetMapping("/deadline/remaining")
		Map<String, Object> remaining() {
			Deadline deadline = Deadline.current().orElseThrow();
			return Map.of("remainingMs", deadline.remainingMillis(), "budgetMs", deadline.budget().toMillis(),
					"source", deadline.source(), "interrupted", Thread.currentThread().isInterrupted());
		}

		@GetMapping("/deadline/deferred")
		DeferredResult<String> deferred() {
			// never completed: only a timeout ends it
			return new DeferredResult<>();
		}

		@GetMapping("/deadline/callable")
		Callable<String> callable(@RequestParam long millis) {
			return () -> {
				Thread.sleep(millis);
				return "called";
			};
		}

		@GetMapping("/deadline/shorten")
		String shorten() throws InterruptedException {
			RequestContext.current().orElseThrow().shortenDeadline(Duration.ofMillis(150));
			Thread.sleep(5_000);
			return "late";
		}

	}

}
