/**
 * MDC entries a request left behind on its thread, found at the end of its dispatch or when the
 * next request on the thread starts, reported with the request that left them and cleared.
 */
package io.middlewaretrace.leak.mdc;
