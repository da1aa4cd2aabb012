/**
 * The actuator endpoints ({@code middleware}, {@code anomalies}, {@code deadlines},
 * {@code leaks}) and the leaks health contributor: wiring that composes what the features
 * record, and the one runtime package besides the chain view that knows Spring Boot.
 */
package io.middlewaretrace.endpoint;
