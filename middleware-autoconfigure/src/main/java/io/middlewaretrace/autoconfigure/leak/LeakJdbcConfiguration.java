package io.middlewaretrace.autoconfigure.leak;

import org.springframework.context.annotation.Configuration;

/**
 * Leak diagnostics of jdbc: placeholder, filled in by the jdbc leak work.
 */
@Configuration(proxyBeanMethods = false)
class LeakJdbcConfiguration {

}
