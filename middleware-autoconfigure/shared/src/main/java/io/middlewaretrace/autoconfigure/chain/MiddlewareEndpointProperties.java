package io.middlewaretrace.autoconfigure.chain;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the middleware endpoint, under {@code management.endpoint.middleware.}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.endpoint.middleware")
public class MiddlewareEndpointProperties {

	/**
	 * When to show the values (header values, query values, bodies) of the request snapshot in
	 * a stage trace. Names, sizes and content types are always shown.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown snapshot values. When
	 * empty, all authenticated users are authorized.
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
