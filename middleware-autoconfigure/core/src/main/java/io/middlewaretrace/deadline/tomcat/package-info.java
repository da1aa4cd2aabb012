/**
 * Tomcat-specific parts of per-request deadlines: what the servlet API cannot do.
 */
package io.middlewaretrace.deadline.tomcat;
