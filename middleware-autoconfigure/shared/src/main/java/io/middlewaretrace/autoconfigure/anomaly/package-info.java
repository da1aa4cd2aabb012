/** Auto-configuration of runtime anomaly detection. */
package io.middlewaretrace.autoconfigure.anomaly;
