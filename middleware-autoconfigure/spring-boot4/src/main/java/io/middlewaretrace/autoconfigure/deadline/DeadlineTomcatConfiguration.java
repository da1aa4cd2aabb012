package io.middlewaretrace.autoconfigure.deadline;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.deadline.tomcat.CloseConnectionValve;

/**
 * On embedded Tomcat, the {@link CloseConnectionValve} that closes the connection of a request
 * its deadline ended while the application still held it. Spring Boot 4's Tomcat types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
class DeadlineTomcatConfiguration {

	/**
	 * Name of the customizer bean that adds the {@link CloseConnectionValve}.
	 */
	static final String CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME = "middlewareDeadlineCloseConnectionCustomizer";

	@Bean(CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = CLOSE_CONNECTION_CUSTOMIZER_BEAN_NAME)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> middlewareDeadlineCloseConnectionCustomizer() {
		// a context valve: it must run before the host's error page handling
		return (factory) -> factory.addContextValves(new CloseConnectionValve());
	}

}
