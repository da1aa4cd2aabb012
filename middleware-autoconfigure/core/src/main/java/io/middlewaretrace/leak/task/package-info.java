/**
 * Tasks started on a request's behalf that keep running long after the request ended, listed
 * with the request and their current stack.
 */
package io.middlewaretrace.leak.task;
