/**
 * Per-request deadlines: the budget, where it came from, and what ends a request that ran out.
 */
package io.middlewaretrace.deadline;
