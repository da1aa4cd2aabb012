/**
 * Resilience4j under the request's deadline: circuit breakers that refuse a call whose budget is
 * spent and never count our lateness against the downstream, retries that stop when no budget
 * is left for another try, time limiters bounded by the remaining budget.
 */
package io.middlewaretrace.deadline.resilience4j;
