package io.middlewaretrace.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceparentTests {

	@Test
	void acceptsWellFormedVersion00() {
		assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
		assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isTrue();
	}

	@Test
	void acceptsALaterVersionWithExtraFields() {
		assertThat(Traceparent.isValid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
			"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x" })
	void rejectsMalformedValues(String value) {
		assertThat(Traceparent.isValid(value)).isFalse();
	}

	@Test
	void rejectsNull() {
		assertThat(Traceparent.isValid(null)).isFalse();
	}

	@Test
	void answersTheSampledFlagInTraceresponse() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		assertThat(Traceparent.responseFlags(null, traceId, true)).isEqualTo("01");
		assertThat(Traceparent.responseFlags(null, traceId, false)).isEqualTo("00");
		assertThat(Traceparent.responseFlags("00-" + traceId + "-00f067aa0ba902b7-01", traceId, false)).isEqualTo("00");
	}

	@Test
	void keepsTheRandomFlagInTraceresponseForTheContinuedTraceOnly() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String random = "00-" + traceId + "-00f067aa0ba902b7-02";
		assertThat(Traceparent.responseFlags(random, traceId, true)).isEqualTo("03");
		assertThat(Traceparent.responseFlags(random, traceId, false)).isEqualTo("02");
		assertThat(Traceparent.responseFlags(random, "0af7651916cd43dd8448eb211c80319c", true)).isEqualTo("01");
	}

	@Test
	void readsTheRandomFlagFromAnyFlagsValue() {
		assertThat(Traceparent.hasRandomFlag("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")).isTrue();
		assertThat(Traceparent.hasRandomFlag("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe")).isTrue();
		assertThat(Traceparent.hasRandomFlag("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isFalse();
		assertThat(Traceparent.hasRandomFlag("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fd")).isFalse();
	}

}
