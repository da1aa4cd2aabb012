/** The effective middleware chain: filters, security filter chains, handler mappings and interceptors, in order. */
package io.middlewaretrace.chain;
