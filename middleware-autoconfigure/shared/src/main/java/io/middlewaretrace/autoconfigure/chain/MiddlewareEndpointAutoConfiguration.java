package io.middlewaretrace.autoconfigure.chain;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.endpoint.MiddlewareEndpoint;
import io.middlewaretrace.stage.StageTraceRepository;

/**
 * Auto-configuration of the {@link MiddlewareEndpoint}, which shows the application's
 * middleware in the order it runs and the stage traces of recent requests.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MiddlewareWebAutoConfiguration.class,
		afterName = "io.middlewaretrace.autoconfigure.stage.StageTraceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(MiddlewareEndpoint.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MiddlewareEndpointProperties.class)
public class MiddlewareEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MiddlewareEndpoint middlewareEndpoint(ApplicationContext applicationContext,
			ObjectProvider<StageTraceRepository> traces, MiddlewareEndpointProperties properties) {
		return new MiddlewareEndpoint(applicationContext, traces.getIfAvailable(), properties.getShowValues(),
				properties.getRoles());
	}

}
