package io.middlewaretrace.web;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerTraceSourceTests {

	@Test
	void aNoOpTracerGivesNoTraceRatherThanEmptyIds() {
		RequestContext.Builder builder = RequestContext.builder("GET");
		new MicrometerTraceSource(Tracer.NOOP).applyTo(builder);
		RequestContext context = builder.build();
		assertThat(context.traceId()).isNull();
		assertThat(context.spanId()).isNull();
		assertThat(context.sampled()).isNull();
	}

}
