/**
 * Where the starter hooks into a servlet request: the first filter that opens and completes the
 * request context and runs the request participants it is given, the response wrapper (status
 * guard, bytes written, bounded body capture and replay), the route interceptor, and the W3C
 * trace context propagator. Names no feature; features plug in as {@code RequestParticipant}s.
 */
package io.middlewaretrace.web;
