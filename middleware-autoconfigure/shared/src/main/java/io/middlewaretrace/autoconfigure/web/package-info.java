/**
 * Auto-configuration of the request context filter and route interceptor.
 */
package io.middlewaretrace.autoconfigure.web;
