package io.middlewaretrace.autoconfigure.leak;

import org.springframework.context.annotation.Configuration;

/**
 * Leak diagnostics of thread: placeholder, filled in by the thread leak work.
 */
@Configuration(proxyBeanMethods = false)
class LeakThreadConfiguration {

}
