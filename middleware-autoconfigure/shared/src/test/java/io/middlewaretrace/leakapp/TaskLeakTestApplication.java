package io.middlewaretrace.leakapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers that start tasks on the application executor and with {@code @Async}: one held until
 * the test releases it, one that ends shortly after its request. Outside the starter's packages,
 * so that leak stacks show its frames as the application's, and outside {@code testapp}, whose
 * application scans its sub-packages.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ TaskLeakTestApplication.TaskController.class, TaskLeakTestApplication.AsyncWork.class })
public class TaskLeakTestApplication {

	public static volatile CountDownLatch release = new CountDownLatch(1);

	@Bean
	SecurityFilterChain taskLeakSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	static void holdUntilReleased() {
		try {
			release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void briefly() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static class AsyncWork {

		@Async
		public void holdAsync() {
			holdUntilReleased();
		}

	}

	@RestController
	static class TaskController {

		private final AsyncTaskExecutor executor;

		private final AsyncWork work;

		TaskController(AsyncTaskExecutor applicationTaskExecutor, AsyncWork work) {
			this.executor = applicationTaskExecutor;
			this.work = work;
		}

		@GetMapping("/tasks/leak")
		String leak() {
			this.executor.execute(TaskLeakTestApplication::holdUntilReleased);
			return "started";
		}

		@GetMapping("/tasks/async-leak")
		String asyncLeak() {
			this.work.holdAsync();
			return "started";
		}

		@GetMapping("/tasks/brief")
		String brief() {
			this.executor.execute(TaskLeakTestApplication::briefly);
			return "started";
		}

	}

}
