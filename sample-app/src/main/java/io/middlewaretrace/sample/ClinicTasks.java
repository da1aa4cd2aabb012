package io.middlewaretrace.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.RequestContext;

/**
 * Work the clinic hands to the application executor.
 */
@Service
class ClinicTasks {

	/**
	 * Reports what the task saw of the request that started it.
	 */
	@Async
	public CompletableFuture<Map<String, Object>> whatTheTaskSees() {
		Map<String, Object> seen = new LinkedHashMap<>();
		seen.put("thread", Thread.currentThread().getName());
		seen.put("traceId", RequestContext.current().map(RequestContext::traceId).orElse(null));
		seen.put("remainingMs", RequestContext.currentDeadline().map(Deadline::remainingMillis).orElse(null));
		return CompletableFuture.completedFuture(seen);
	}

	/**
	 * Keeps working (sleeping) for {@code seconds}, long after the request that started it.
	 */
	@Async
	public void keepWorking(int seconds) {
		try {
			Thread.sleep(seconds * 1000L);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
