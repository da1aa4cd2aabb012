package io.middlewaretrace.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * A feature's need for the request and response body bytes the starter's filter captures while
 * they stream, as configured: the snapshot auto-configuration contributes one, and the filter
 * captures the largest limit asked for (nothing when none is).
 *
 * @param property the property the limit is configured with, for the error a bad value gets
 * @param size the limit
 * @since 0.1.0
 */
public record BodyCaptureLimit(String property, DataSize size) {

}
