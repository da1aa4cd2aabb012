package io.middlewaretrace.leak.mdc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContext;
import io.middlewaretrace.leak.LeakMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector on the real Logback MDC, dispatch by dispatch as the filter calls it: clearing
 * off, redaction patterns, async dispatches, the bounded ring.
 */
class MdcLeakDetectorTests {

	private final MdcLeaks leaks = new MdcLeaks(3, LeakMetrics.NONE);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void withClearingOffALeakIsReportedOnceAndLeftInPlace() {
		MdcLeakDetector detector = new MdcLeakDetector(this.leaks, List.of(), List.of(), false);
		DefaultRequestContext first = DefaultRequestContext.builder("GET").trace("a".repeat(32), "b".repeat(16), true).build();
		detector.dispatchStarting(true);
		MDC.put("tenant", "t1");
		detector.dispatchEnded(first);
		assertThat(MDC.get("tenant")).isEqualTo("t1");
		detector.dispatchStarting(true);
		detector.dispatchEnded(DefaultRequestContext.builder("GET").build());
		assertThat(recent()).hasSize(1);
		assertThat(recent().get(0)).containsEntry("cleared", false).containsEntry("traceId", "a".repeat(32));
	}

	@Test
	void anEntryNobodyPutsAgainIsFoundStaleAtTheNextStartAndBlamedOnThePreviousRequest() {
		MdcLeakDetector detector = new MdcLeakDetector(this.leaks, List.of(), List.of(), true);
		MDC.put("stray", "value");
		// at the first start it may be an outer filter's: remembered, then found stale
		detector.dispatchStarting(true);
		detector.dispatchEnded(DefaultRequestContext.builder("GET").trace("c".repeat(32), "d".repeat(16), true).build());
		assertThat(recent()).isEmpty();
		detector.dispatchStarting(true);
		assertThat(MDC.get("stray")).isNull();
		assertThat(recent()).hasSize(1);
		assertThat(recent().get(0)).containsEntry("found", "next-request-start")
			.containsEntry("traceId", "c".repeat(32))
			.containsEntry("route", RequestContext.UNKNOWN);
	}

	@Test
	void anAsyncDispatchDoesNotReportWhatAnOuterFilterPut() {
		MdcLeakDetector detector = new MdcLeakDetector(this.leaks, List.of(), List.of(), true);
		MDC.put("outer", "o");
		detector.dispatchStarting(false);
		MDC.put("inner", "i");
		detector.dispatchEnded(DefaultRequestContext.builder("GET").build());
		assertThat(MDC.get("outer")).isEqualTo("o");
		assertThat(MDC.get("inner")).isNull();
		assertThat(recent()).hasSize(1);
		assertThat(recent().get(0).get("keys")).isEqualTo(List.of("inner"));
	}

	@Test
	void redactedPatternsMatchCaseInsensitivelyAnywhere() {
		KeyPatterns patterns = new KeyPatterns(List.of("*token*", "session", "x-*-id"));
		assertThat(patterns.matches("apiToken")).isTrue();
		assertThat(patterns.matches("SESSION")).isTrue();
		assertThat(patterns.matches("sessionId")).isFalse();
		assertThat(patterns.matches("x-tenant-id")).isTrue();
		assertThat(patterns.matches("x-id")).isFalse();
		assertThat(patterns.matches("tenant")).isFalse();
	}

	@Test
	void redactedValuesAreNeverKept() {
		MdcLeakDetector detector = new MdcLeakDetector(this.leaks, List.of(), List.of("*secret*"), true);
		detector.dispatchStarting(true);
		MDC.put("clientSecret", "hunter2");
		MDC.put("tenant", "t1");
		detector.dispatchEnded(DefaultRequestContext.builder("GET").build());
		assertThat(recent().get(0).get("values")).isEqualTo(Map.of("tenant", "t1"));
		assertThat(((Map<?, ?>) this.leaks.describe(false)).get("recent").toString()).doesNotContain("t1");
	}

	@Test
	void theRingOfLeaksIsBounded() {
		MdcLeakDetector detector = new MdcLeakDetector(this.leaks, List.of(), List.of(), true);
		for (int i = 0; i < 5; i++) {
			detector.dispatchStarting(true);
			MDC.put("k" + i, "v");
			detector.dispatchEnded(DefaultRequestContext.builder("GET").build());
		}
		assertThat(recent()).hasSize(3);
		assertThat(((Map<?, ?>) this.leaks.describe(false)).get("foundAtRequestEnd")).isEqualTo(5L);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> recent() {
		return (List<Map<String, Object>>) ((Map<String, Object>) this.leaks.describe(true)).get("recent");
	}

}
