package io.middlewaretrace.anomaly;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.context.DefaultRequestContext;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AnomalyRegistryTests {

	@Test
	void keepsTheLatestOccurrencesInABoundedRingAndCountsThemAll() {
		AnomalyRegistry registry = new AnomalyRegistry(3, Duration.ofMinutes(1), List.of());
		for (int i = 0; i < 10; i++) {
			registry.report(AnomalyType.BROKEN_CHAIN, null, "filter" + i, "detail", null);
		}
		assertThat(registry.latest()).extracting(Anomaly::source).containsExactly("filter9", "filter8", "filter7");
		assertThat(registry.counts()).containsEntry(AnomalyType.BROKEN_CHAIN, 10L)
			.containsEntry(AnomalyType.ORDER_COLLISION, 0L);
	}

	@Test
	void aRequestReportsEachTypeOnce() {
		AnomalyRegistry registry = new AnomalyRegistry(10, Duration.ofMinutes(1), List.of());
		DefaultRequestContext context = DefaultRequestContext.builder("GET").trace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true).build();
		for (int i = 0; i < 5; i++) {
			registry.report(AnomalyType.CHANGE_AFTER_COMMIT, context, "caller", "setHeader(X)", "caller");
		}
		assertThat(registry.latest()).hasSize(1);
		assertThat(registry.latest().get(0).traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(context.anomalies()).containsExactly("CHANGE_AFTER_COMMIT");
	}

	@Test
	void warnsOncePerSourceAndInterval(CapturedOutput output) {
		AnomalyRegistry registry = new AnomalyRegistry(10, Duration.ofHours(1), List.of());
		for (int i = 0; i < 5; i++) {
			registry.report(AnomalyType.BROKEN_CHAIN, null, "sameFilter", "detail", null);
		}
		registry.report(AnomalyType.BROKEN_CHAIN, null, "otherFilter", "detail", null);
		assertThat(output.getOut().split("BROKEN_CHAIN: detail \\[source=sameFilter", -1)).hasSize(2);
		assertThat(output.getOut()).contains("source=otherFilter");
	}

	@Test
	void tracksABoundedNumberOfSources() {
		AnomalyRegistry registry = new AnomalyRegistry(1, Duration.ofHours(1), List.of());
		for (int i = 0; i < AnomalyRegistry.MAX_TRACKED_SOURCES * 2; i++) {
			registry.report(AnomalyType.CHANGE_AFTER_COMMIT, null, "caller" + i, "detail", null);
		}
		assertThat(registry.counts()).containsEntry(AnomalyType.CHANGE_AFTER_COMMIT,
				(long) AnomalyRegistry.MAX_TRACKED_SOURCES * 2);
		assertThat(registry.trackedSources()).isLessThanOrEqualTo(AnomalyRegistry.MAX_TRACKED_SOURCES + 1);
	}

	@Test
	void aFailingListenerDoesNotStopRecording() {
		AnomalyRegistry registry = new AnomalyRegistry(10, Duration.ofMinutes(1), List.of((anomaly) -> {
			throw new IllegalStateException("listener bug");
		}));
		registry.report(AnomalyType.FILTER_EXCEPTION, null, "f", "d", null);
		assertThat(registry.latest()).hasSize(1);
	}

}
