package io.middlewaretrace.autoconfigure.leak;

import org.springframework.context.annotation.Configuration;

/**
 * Leak diagnostics of task: placeholder, filled in by the task leak work.
 */
@Configuration(proxyBeanMethods = false)
class LeakTaskConfiguration {

}
