/**
 * Servlet filter and handler interceptor that open, enrich and close the request context.
 */
package io.middlewaretrace.web;
