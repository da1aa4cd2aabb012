/** Auto-configuration of the middleware endpoint. */
package io.middlewaretrace.autoconfigure.chain;
