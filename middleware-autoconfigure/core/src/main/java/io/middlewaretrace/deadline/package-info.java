/**
 * Per-request deadlines: the budget and where it came from ({@code DeadlinePolicy}), what
 * happens when it passes ({@code DeadlineState}, the owner of each request's deadline, with the
 * guard that watches it and interrupts a blocked thread), and what ends a request that ran out
 * (the deadline filter's 504, a cut response, the records). The core keeps only the deadline's
 * value and phases; the {@code jdbc}, {@code http} and {@code resilience4j} sub-packages bound
 * their work by it.
 */
package io.middlewaretrace.deadline;
