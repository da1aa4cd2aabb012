package io.middlewaretrace.snapshot;

/**
 * Markers appended to a body's text where the shown text stops.
 */
final class BodyMarkers {

	/**
	 * The body goes on beyond the captured prefix.
	 */
	static final String TRUNCATED = "\u2026[truncated]";

	/**
	 * The body could not be read further: what follows is not shown.
	 */
	static final String UNPARSABLE = "\u2026[unparsable]";

	private BodyMarkers() {
	}

}
