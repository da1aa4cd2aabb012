package io.middlewaretrace.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masking of whole snapshots for endpoints that may not show values.
 */
final class SnapshotValues {

	private SnapshotValues() {
	}

	static Map<String, List<String>> maskHeaders(Map<String, List<String>> headers) {
		if (headers == null) {
			return null;
		}
		Map<String, List<String>> masked = new LinkedHashMap<>();
		headers.forEach((name, values) -> masked.put(name, List.of(Snapshot.MASK)));
		return masked;
	}

	static String maskQuery(String uri) {
		if (uri == null) {
			return null;
		}
		int query = uri.indexOf('?');
		if (query < 0) {
			return uri;
		}
		StringBuilder masked = new StringBuilder(uri.length()).append(uri, 0, query + 1);
		String[] pairs = uri.substring(query + 1).split("&", -1);
		for (int i = 0; i < pairs.length; i++) {
			if (i > 0) {
				masked.append('&');
			}
			int eq = pairs[i].indexOf('=');
			masked.append((eq < 0) ? pairs[i] : pairs[i].substring(0, eq + 1) + Snapshot.MASK);
		}
		return masked.toString();
	}

}
