/**
 * Auto-configuration of the structured JSON access log.
 */
package io.middlewaretrace.autoconfigure.accesslog;
