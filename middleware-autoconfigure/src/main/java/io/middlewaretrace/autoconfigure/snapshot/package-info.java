/** Configuration properties of request snapshots. */
package io.middlewaretrace.autoconfigure.snapshot;
