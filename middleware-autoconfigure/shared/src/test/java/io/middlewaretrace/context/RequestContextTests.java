package io.middlewaretrace.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestContextTests {

	@Test
	void routeIsThePatternWhenKnown() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		context.routePattern("/api/owners/{id}");
		context.complete(404, context.startNanos() + 1);
		assertThat(context.route()).isEqualTo("/api/owners/{id}");
	}

	@Test
	void routeIsAFixedTokenWhenNoPatternMatched() {
		assertThat(completed(null, 404).route()).isEqualTo(RequestContext.NOT_FOUND);
		assertThat(completed("/**", 404).route()).isEqualTo(RequestContext.NOT_FOUND);
		assertThat(completed(null, 302).route()).isEqualTo(RequestContext.REDIRECTION);
		assertThat(completed(null, 500).route()).isEqualTo(RequestContext.UNKNOWN);
		assertThat(completed("/**", 200).route()).isEqualTo("/**");
	}

	@Test
	void completesOnlyOnce() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		assertThat(context.isCompleted()).isFalse();
		assertThat(context.complete(201, context.startNanos() + 5_000_000)).isTrue();
		assertThat(context.complete(500, context.startNanos() + 9_000_000)).isFalse();
		assertThat(context.status()).isEqualTo(201);
		assertThat(context.durationNanos()).isEqualTo(5_000_000);
		assertThat(context.elapsed().toMillis()).isEqualTo(5);
	}

	@Test
	void currentIsEmptyWhenNothingIsBound() {
		RequestContextHolder.clear();
		assertThat(RequestContext.current()).isEmpty();
	}

	@Test
	void timelineIsBoundedAndCountsWhatItDropped() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").timeline(3).build();
		for (int i = 0; i < 5; i++) {
			context.timeline().enter("stage" + i, Timeline.StageType.FILTER);
		}
		assertThat(context.timeline().events()).extracting(Timeline.StageEvent::stage)
			.containsExactly("stage0", "stage1", "stage2");
		assertThat(context.timeline().dropped()).isEqualTo(2);
		assertThat(DefaultRequestContext.builder("GET").build().timeline()).isNull();
	}

	@Test
	void timelineGrowsPastItsInitialSizeUpToItsCapacity() {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").timeline(20).build();
		for (int i = 0; i < 25; i++) {
			context.timeline().exit("stage" + i, Timeline.StageType.FILTER, Timeline.Outcome.CONTINUED);
		}
		assertThat(context.timeline().events()).hasSize(20)
			.extracting(Timeline.StageEvent::stage)
			.startsWith("stage0", "stage1")
			.endsWith("stage19");
		assertThat(context.timeline().dropped()).isEqualTo(5);
	}

	@Test
	void travelsToOtherThreadsThroughContextPropagationAndIsClearedAfter() throws Exception {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").trace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true).build();
		ExecutorService single = Executors.newSingleThreadExecutor();
		ExecutorService propagating = ContextExecutorService.wrap(single,
				() -> ContextSnapshotFactory.builder().build().captureAll());
		try {
			RequestContextHolder.set(context);
			CompletableFuture<DefaultRequestContext> seen = CompletableFuture.supplyAsync(RequestContextHolder::get, propagating);
			assertThat(seen.get()).isSameAs(context);
			RequestContextHolder.clear();
			assertThat(single.submit(RequestContextHolder::get).get()).as("cleared on the pooled thread").isNull();
		}
		finally {
			RequestContextHolder.clear();
			single.shutdownNow();
		}
	}

	private static DefaultRequestContext completed(String pattern, int status) {
		DefaultRequestContext context = DefaultRequestContext.builder("GET").build();
		context.routePattern(pattern);
		context.complete(status, context.startNanos() + 1);
		return context;
	}

}
