/**
 * Auto-configuration of middleware-trace and its configuration properties.
 */
package io.middlewaretrace.autoconfigure;
