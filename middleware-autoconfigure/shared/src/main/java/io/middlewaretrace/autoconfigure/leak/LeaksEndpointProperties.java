package io.middlewaretrace.autoconfigure.leak;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the leaks endpoint, under {@code management.endpoint.leaks.}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.endpoint.leaks")
public class LeaksEndpointProperties {

	/**
	 * When to show the values of leftover MDC entries. Keys, trace ids and routes are always
	 * shown; values of keys matching middleware.leaks.mdc.redacted-keys never are.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown values. When empty, all
	 * authenticated users are authorized.
	 */
	private final Set<String> roles = new LinkedHashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
