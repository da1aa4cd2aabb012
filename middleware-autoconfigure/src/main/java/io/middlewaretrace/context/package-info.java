/**
 * The per-request context every feature reads and writes, and how it crosses threads.
 */
package io.middlewaretrace.context;
