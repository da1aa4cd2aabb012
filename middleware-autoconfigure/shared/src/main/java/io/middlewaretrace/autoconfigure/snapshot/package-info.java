/** Auto-configuration of request snapshots. */
package io.middlewaretrace.autoconfigure.snapshot;
