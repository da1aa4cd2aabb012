/**
 * Small building blocks shared by the starter's features.
 */
package io.middlewaretrace.support;
