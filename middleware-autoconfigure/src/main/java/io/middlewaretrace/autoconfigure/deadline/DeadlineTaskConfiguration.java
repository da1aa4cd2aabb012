package io.middlewaretrace.autoconfigure.deadline;

import org.springframework.context.annotation.Configuration;

/**
 * Carries the request context and its deadline into executors and @Async methods (built in issue 4).
 */
@Configuration(proxyBeanMethods = false)
class DeadlineTaskConfiguration {

}
