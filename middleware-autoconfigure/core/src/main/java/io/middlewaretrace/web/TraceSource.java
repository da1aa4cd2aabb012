package io.middlewaretrace.web;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Reads the trace of the current request (see {@link MicrometerTraceSource}). The starter never invents ids
 * of its own: with no tracer, or no span in scope, the context has no trace id.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TraceSource {

	/**
	 * A source for applications without a tracer.
	 */
	TraceSource NONE = (builder) -> {
	};

	/**
	 * Copies the current trace, if any, into the builder.
	 * @param builder the context being built
	 */
	void applyTo(DefaultRequestContext.Builder builder);

}
