/** Per-request stage traces: what each filter, interceptor and handler did, in order. */
package io.middlewaretrace.stage;
