/**
 * Servlet filter and handler interceptor that open, enrich and close the request context, and the
 * W3C trace context propagator that lets the tracer see every header field of a request.
 */
package io.middlewaretrace.web;
