package io.middlewaretrace.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * Short descriptions of bodies whose content is not shown.
 */
final class BodySummaries {

	private BodySummaries() {
	}

	/**
	 * Returns {@code "1234 bytes"}, or {@code "more than 1234 bytes"} when only a truncated
	 * prefix's length is known.
	 */
	static String size(long bytesSeen, int captured, boolean truncated) {
		return (truncated && bytesSeen <= captured) ? "more than " + bytesSeen + " bytes" : bytesSeen + " bytes";
	}

	/**
	 * Returns {@code "multipart/form-data, 3 parts"} counted from the boundaries in the prefix
	 * ({@code "at least 3 parts"} when the closing boundary is not in it), or the size when the
	 * boundary is unknown.
	 */
	static String multipart(String mediaType, String boundary, byte[] prefix, String size) {
		if (boundary == null || boundary.isEmpty() || prefix.length == 0) {
			return mediaType + ", " + size;
		}
		String text = new String(prefix, StandardCharsets.ISO_8859_1);
		String delimiter = "--" + boundary;
		int parts = 0;
		boolean closed = false;
		int at = text.indexOf(delimiter);
		while (at >= 0) {
			int after = at + delimiter.length();
			if (text.startsWith("--", after)) {
				closed = true;
				break;
			}
			parts++;
			at = text.indexOf(delimiter, after);
		}
		return mediaType + ", " + (closed ? "" : "at least ") + parts + ((parts == 1) ? " part" : " parts");
	}

}
