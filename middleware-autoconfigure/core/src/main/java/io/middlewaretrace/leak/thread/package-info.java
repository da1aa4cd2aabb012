/**
 * Growth of the live thread count against its baseline, reported when sustained.
 */
package io.middlewaretrace.leak.thread;
