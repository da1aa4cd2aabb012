/**
 * One structured JSON access-log line per request: what to log, and how it is written.
 */
package io.middlewaretrace.accesslog;
