/**
 * The core: the request context applications read ({@code RequestContext}) and the starter
 * writes ({@code DefaultRequestContext}), typed attachment keys, the deadline as a value on a
 * ticker, and the values and SPIs several features share (timeline, phases, leases, snapshot,
 * anomaly reporting, the deadline owner's SPI). Depends on nothing else of the starter, and on no servlet API.
 */
package io.middlewaretrace.context;
