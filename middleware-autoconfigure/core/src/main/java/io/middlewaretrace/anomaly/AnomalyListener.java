package io.middlewaretrace.anomaly;

/**
 * Told about every recorded anomaly (the starter's Micrometer counter is one).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AnomalyListener {

	/**
	 * Called once per recorded anomaly, on the thread that detected it.
	 * @param anomaly the anomaly
	 */
	void anomalyRecorded(Anomaly anomaly);

}
