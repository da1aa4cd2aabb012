package io.middlewaretrace.web;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.DefaultRequestContext;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerTraceSourceTests {

	@Test
	void aNoOpTracerGivesNoTraceRatherThanEmptyIds() {
		DefaultRequestContext.Builder builder = DefaultRequestContext.builder("GET");
		new MicrometerTraceSource(Tracer.NOOP).applyTo(builder);
		DefaultRequestContext context = builder.build();
		assertThat(context.traceId()).isNull();
		assertThat(context.spanId()).isNull();
		assertThat(context.sampled()).isNull();
	}

}
