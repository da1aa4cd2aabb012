/** Middleware anti-patterns caught at runtime. */
package io.middlewaretrace.anomaly;
