package io.middlewaretrace.autoconfigure.stage;

import java.util.function.Consumer;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.MiddlewareTraceMarkerConfiguration;
import io.middlewaretrace.autoconfigure.MiddlewareProperties;
import io.middlewaretrace.stage.StageObserver;

/**
 * On embedded Tomcat, the stages of the filters the container holds
 * ({@link StageTraceAutoConfiguration#containerFilterStages}). Spring Boot 3.5's Tomcat types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
class TomcatFilterStageConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> middlewareFilterStageCustomizer(
			ObjectProvider<StageObserver> observers, MiddlewareProperties properties,
			ObjectProvider<MiddlewareTraceMarkerConfiguration.Marker> annotation) {
		Consumer<Context> stages = StageTraceAutoConfiguration.containerFilterStages(observers, properties, annotation);
		return (factory) -> {
			if (stages != null) {
				factory.addContextCustomizers(stages::accept);
			}
		};
	}

}
