package io.middlewaretrace.deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Handlers that spend their request's budget in the ways deadline tests need.
 */
@TestConfiguration(proxyBeanMethods = false)
class DeadlineTestEndpoints {

	/**
	 * How each {@code /deadline/stream-body} writer task ended, in order.
	 */
	static final BlockingQueue<StreamEnd> STREAM_BODY_ENDS = new LinkedBlockingQueue<>();

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
		void flushThenSleep(@RequestParam long millis, @RequestParam(defaultValue = "0") long deadlineAfterCommitMs,
				HttpServletResponse response) throws IOException, InterruptedException {
			response.setContentType("text/plain");
			response.getWriter().write("partial");
			response.flushBuffer();
			shortenAfterCommit(deadlineAfterCommitMs);
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@GetMapping("/deadline/stream")
		void stream(@RequestParam int chunks, @RequestParam long intervalMillis,
				@RequestParam(defaultValue = "0") long deadlineAfterCommitMs, HttpServletResponse response)
				throws IOException {
			// chunked: no content length, every chunk flushed; stops quietly when interrupted at the
			// deadline, as well-behaved streaming code does (an exception would make Tomcat close
			// the connection on its own)
			response.setContentType("text/plain");
			for (int i = 0; i < chunks; i++) {
				response.getOutputStream().print("chunk " + i + "\n");
				response.flushBuffer();
				if (i == 0) {
					shortenAfterCommit(deadlineAfterCommitMs);
				}
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
		void streamPastDeadline(@RequestParam long millis, @RequestParam(defaultValue = "0") long deadlineAfterCommitMs,
				HttpServletResponse response) throws IOException {
			// ignores interrupts and finishes normally, after its deadline passed
			response.setContentType("text/plain");
			response.getOutputStream().print("first\n");
			response.flushBuffer();
			shortenAfterCommit(deadlineAfterCommitMs);
			long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
			while (System.nanoTime() - end < 0) {
				Thread.onSpinWait();
			}
			response.getOutputStream().print("last\n");
		}

		@GetMapping("/deadline/stream-body")
		ResponseEntity<StreamingResponseBody> streamBody(@RequestParam int mb,
				@RequestParam(defaultValue = "0") long deadlineAfterCommitMs) {
			DefaultRequestContext context = RequestContextHolder.get();
			StreamingResponseBody body = (out) -> {
				byte[] chunk = new byte[64 * 1024];
				try {
					for (int i = 0; i < mb * 16; i++) {
						out.write(chunk);
						if (i == 0 && deadlineAfterCommitMs > 0) {
							// the first chunk, over the buffer's size, committed the response
							context.shortenDeadline(Duration.ofMillis(deadlineAfterCommitMs));
						}
					}
					STREAM_BODY_ENDS.add(new StreamEnd(System.nanoTime(), null));
				}
				catch (IOException | RuntimeException ex) {
					STREAM_BODY_ENDS.add(new StreamEnd(System.nanoTime(), ex));
					throw ex;
				}
			};
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.contentLength(mb * 1024L * 1024L)
				.body(body);
		}

		/**
		 * Lets the deadline pass {@code millis} after the response was committed ({@code 0}: as
		 * the request's budget says), so that a loaded machine cannot pass it before the commit.
		 */
		private static void shortenAfterCommit(long millis) {
			if (millis > 0) {
				RequestContext.current().orElseThrow().shortenDeadline(Duration.ofMillis(millis));
			}
		}

		@GetMapping("/deadline/remaining")
		Map<String, Object> remaining() {
			Deadline deadline = RequestContext.currentDeadline().orElseThrow();
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

	/**
	 * The end of a streamed body's writer task.
	 * @param nanoTime when it ended
	 * @param failure what it ended with, {@code null} when it wrote the whole body
	 */
	record StreamEnd(long nanoTime, Exception failure) {

	}

}
