package io.middlewaretrace.context;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;


/**
 * An {@code @Async} service, a {@code CompletableFuture} on the application executor, and an
 * application {@link TaskDecorator} of its own, as task propagation tests need them.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableAsync
class TaskPropagationTestConfiguration {

	static final ThreadLocal<String> APPLICATION_MARKER = new ThreadLocal<>();

	@Bean
	TaskDecorator applicationTaskDecorator() {
		return (runnable) -> () -> {
			APPLICATION_MARKER.set("decorated");
			try {
				runnable.run();
			}
			finally {
				APPLICATION_MARKER.remove();
			}
		};
	}

	@Bean
	AsyncWork asyncWork() {
		return new AsyncWork();
	}

	static class AsyncWork {

		@Async
		public CompletableFuture<Map<String, Object>> work() {
			return CompletableFuture.completedFuture(TaskPropagationTestConfiguration.seen());
		}

	}

	static Map<String, Object> seen() {
		Map<String, Object> seen = new HashMap<>();
		DefaultRequestContext context = RequestContextHolder.get();
		seen.put("traceId", (context != null) ? context.traceId() : null);
		seen.put("remainingMs", RequestContext.currentDeadline().map(Deadline::remainingMillis).orElse(-1L));
		seen.put("marker", APPLICATION_MARKER.get());
		seen.put("thread", Thread.currentThread().getName());
		seen.put("virtual", isVirtual(Thread.currentThread()));
		return seen;
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	@RestController
	static class TaskController {

		private final AsyncWork work;

		private final AsyncTaskExecutor executor;

		TaskController(AsyncWork work, AsyncTaskExecutor applicationTaskExecutor) {
			this.work = work;
			this.executor = applicationTaskExecutor;
		}

		@GetMapping("/tasks/async")
		Map<String, Object> async() {
			Map<String, Object> seen = this.work.work().join();
			seen.put("requestTraceId", RequestContextHolder.get().traceId());
			return seen;
		}

		@GetMapping("/tasks/future")
		Map<String, Object> future() {
			Map<String, Object> seen = CompletableFuture.supplyAsync(TaskPropagationTestConfiguration::seen, this.executor)
				.join();
			seen.put("requestTraceId", RequestContextHolder.get().traceId());
			return seen;
		}

	}

}
