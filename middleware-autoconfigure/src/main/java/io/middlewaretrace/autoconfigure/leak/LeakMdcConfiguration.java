package io.middlewaretrace.autoconfigure.leak;

import org.springframework.context.annotation.Configuration;

/**
 * Leak diagnostics of mdc: placeholder, filled in by the mdc leak work.
 */
@Configuration(proxyBeanMethods = false)
class LeakMdcConfiguration {

}
