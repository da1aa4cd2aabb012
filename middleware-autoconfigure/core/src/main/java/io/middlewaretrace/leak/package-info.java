/**
 * Leak diagnostics: connections, tasks and MDC state that outlived the request they were
 * borrowed or set for, attributed to that request.
 */
package io.middlewaretrace.leak;
