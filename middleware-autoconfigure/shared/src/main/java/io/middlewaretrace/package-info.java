/**
 * Public entry points of middleware-trace: {@link io.middlewaretrace.EnableMiddlewareTrace}.
 */
package io.middlewaretrace;
