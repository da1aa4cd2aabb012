package io.middlewaretrace.context;

import java.util.List;
import java.util.Map;

/**
 * What a request and its response looked like, with secrets already redacted: method, URI (query
 * values redacted where configured), headers, body prefixes, trailers, status.
 * <p>
 * Built only for requests whose diagnostic record is kept (slow, failed, anomalous); the capture
 * itself runs while bodies stream and never holds more than the configured prefix.
 *
 * @param method the HTTP method
 * @param uri the request URI with its query string, sensitive parameter values redacted
 * @param requestHeaders request headers, sensitive values redacted
 * @param requestBody the captured request body prefix, or {@code null} when none was read
 * @param requestTrailers request trailer fields, sensitive values redacted (empty when none)
 * @param status the response status
 * @param responseHeaders response headers, sensitive values redacted
 * @param responseBody the captured response body prefix, or {@code null} when none was written
 * @since 0.1.0
 */
public record Snapshot(String method, String uri, Map<String, List<String>> requestHeaders, BodySnapshot requestBody,
		Map<String, List<String>> requestTrailers, int status, Map<String, List<String>> responseHeaders,
		BodySnapshot responseBody) {

	/**
	 * Key of the snapshot attached to the context of a request that got one (slow, failed or
	 * anomalous requests, taken at completion).
	 */
	public static final AttachmentKey<Snapshot> KEY = AttachmentKey.of("snapshot", Snapshot.class);


	/**
	 * Placeholder for a value that is not shown.
	 */
	public static final String MASK = "******";

	/**
	 * Returns this snapshot with every value masked: header values, query values and bodies.
	 * Names, sizes and content types stay, so the shape of the exchange remains visible.
	 * Endpoints return this form when Spring Boot's {@code show-values} rule does not allow
	 * values to be shown.
	 * @return the snapshot without values
	 */
	public Snapshot withoutValues() {
		return new Snapshot(this.method, SnapshotValues.maskQuery(this.uri), SnapshotValues.maskHeaders(this.requestHeaders),
				BodySnapshot.withoutContent(this.requestBody), SnapshotValues.maskHeaders(this.requestTrailers),
				this.status, SnapshotValues.maskHeaders(this.responseHeaders),
				BodySnapshot.withoutContent(this.responseBody));
	}

}
