/**
 * Auto-configuration of leak diagnostics.
 */
package io.middlewaretrace.autoconfigure.leak;
