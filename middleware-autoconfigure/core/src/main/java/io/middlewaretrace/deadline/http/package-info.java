/**
 * Deadlines in outbound HTTP calls: RestClient interception and Apache HttpClient 5 hooks.
 */
package io.middlewaretrace.deadline.http;
