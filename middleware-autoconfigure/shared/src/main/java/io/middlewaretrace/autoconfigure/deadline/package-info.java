/**
 * Auto-configuration of per-request deadlines.
 */
package io.middlewaretrace.autoconfigure.deadline;
