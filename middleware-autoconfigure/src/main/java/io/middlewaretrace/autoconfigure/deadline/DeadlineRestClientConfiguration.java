package io.middlewaretrace.autoconfigure.deadline;

import org.springframework.context.annotation.Configuration;

/**
 * Makes Boot-built RestClients deadline-aware (built in issue 4).
 */
@Configuration(proxyBeanMethods = false)
class DeadlineRestClientConfiguration {

}
