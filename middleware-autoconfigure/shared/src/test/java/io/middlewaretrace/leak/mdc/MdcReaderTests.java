package io.middlewaretrace.leak.mdc;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class MdcReaderTests {

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void withLogbackReadsTheAdaptersOwnMapWithoutACopy() {
		MdcReader reader = MdcReader.get();
		assertThat(reader.getClass().getSimpleName()).isEqualTo("LiveLogback");
		MDC.put("tenant", "a");
		Map<String, String> first = reader.entries();
		MDC.put("user", "b");
		Map<String, String> second = reader.entries();
		// the same live map after a change: Logback's read-only view would have been rebuilt
		assertThat(second).isSameAs(first).containsEntry("tenant", "a").containsEntry("user", "b");
		MDC.remove("tenant");
		assertThat(reader.entries()).containsOnlyKeys("user");
	}

}
