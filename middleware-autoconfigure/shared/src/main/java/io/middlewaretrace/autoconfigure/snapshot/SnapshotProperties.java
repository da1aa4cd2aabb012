package io.middlewaretrace.autoconfigure.snapshot;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Request and response snapshots attached to the diagnostic records of slow, failed and
 * anomalous requests.
 * <p>
 * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and {@code Set-Cookie} are
 * always redacted; the lists below add to them.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("middleware.snapshot")
public class SnapshotProperties {

	/**
	 * Whether requests are captured (headers, query and a body prefix, as they stream) so that a
	 * slow, failed or anomalous request's record can show what it was.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of body bytes captured per request and per response, copied while the body
	 * streams; a larger body passes through untouched and the snapshot notes its truncation. 0
	 * captures no bodies.
	 */
	private DataSize maxBodySize = DataSize.ofKilobytes(4);

	/**
	 * Header names whose values are redacted, in addition to the always-redacted
	 * Authorization, Proxy-Authorization, Cookie and Set-Cookie. Case-insensitive.
	 */
	private List<String> redactHeaders = new ArrayList<>(List.of("X-Api-Key", "X-Auth-Token", "X-Csrf-Token"));

	/**
	 * Query and form parameter names whose values are redacted. Case-insensitive.
	 */
	private List<String> redactParameters = new ArrayList<>(List.of("access_token", "refresh_token", "id_token",
			"token", "api_key", "apikey", "password", "secret", "client_secret", "code", "signature", "sig"));

	/**
	 * JSON body field names whose values are redacted, at any depth. Case-insensitive.
	 */
	private List<String> redactBodyFields = new ArrayList<>(List.of("password", "passwd", "secret", "token",
			"access_token", "refresh_token", "id_token", "client_secret", "api_key", "apikey", "authorization",
			"credentials", "private_key"));

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public List<String> getRedactHeaders() {
		return this.redactHeaders;
	}

	public void setRedactHeaders(List<String> redactHeaders) {
		this.redactHeaders = redactHeaders;
	}

	public List<String> getRedactParameters() {
		return this.redactParameters;
	}

	public void setRedactParameters(List<String> redactParameters) {
		this.redactParameters = redactParameters;
	}

	public List<String> getRedactBodyFields() {
		return this.redactBodyFields;
	}

	public void setRedactBodyFields(List<String> redactBodyFields) {
		this.redactBodyFields = redactBodyFields;
	}

}
