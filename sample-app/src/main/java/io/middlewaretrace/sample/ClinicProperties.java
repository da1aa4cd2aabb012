package io.middlewaretrace.sample;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clinic's own settings.
 *
 * @param downstreamBaseUrl base URL {@code /api/downstream} calls; empty for this application
 * itself
 */
@ConfigurationProperties("clinic")
record ClinicProperties(URI downstreamBaseUrl) {
}
