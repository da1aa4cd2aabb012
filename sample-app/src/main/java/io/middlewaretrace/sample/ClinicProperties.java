package io.middlewaretrace.sample;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clinic's own settings.
 *
 * @param downstreamBaseUrl base URL {@code /api/downstream} calls; empty for this application
 * itself
 * @param slowRequestThreshold requests at least this slow are counted in
 * {@code clinic.requests.slow}
 */
@ConfigurationProperties("clinic")
record ClinicProperties(URI downstreamBaseUrl, @DefaultValue("300ms") Duration slowRequestThreshold) {
}
