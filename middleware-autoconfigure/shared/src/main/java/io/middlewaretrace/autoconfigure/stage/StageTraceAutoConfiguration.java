package io.middlewaretrace.autoconfigure.stage;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Context;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import io.middlewaretrace.MiddlewareTraceMarkerConfiguration;
import io.middlewaretrace.autoconfigure.MiddlewareProperties;
import io.middlewaretrace.autoconfigure.SpringBootLine;
import io.middlewaretrace.autoconfigure.web.MiddlewareWebAutoConfiguration;
import io.middlewaretrace.stage.ExceptionResolutionStage;
import io.middlewaretrace.stage.HandlerStageInterceptor;
import io.middlewaretrace.stage.InterceptorStages;
import io.middlewaretrace.stage.LazyStageObserver;
import io.middlewaretrace.stage.SecurityStageFilters;
import io.middlewaretrace.stage.StageLogObserver;
import io.middlewaretrace.stage.StageMetrics;
import io.middlewaretrace.stage.StageObserver;
import io.middlewaretrace.stage.StageTraceRecorder;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.stage.TomcatFilterStages;
import io.middlewaretrace.stage.ViewStageInterceptor;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;

/**
 * Auto-configuration of stage traces: the repository of recent and notable requests' records,
 * the recorder filling it, and, with deep tracing on ({@code @EnableMiddlewareTrace} or
 * {@code middleware.stage-trace.enabled}), the wrappers that record every filter, security filter,
 * interceptor and the handler. On embedded Tomcat the filters are wrapped always: the wrapper
 * names the filter at fault when a request ends as an empty 200 (a broken chain).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MiddlewareWebAutoConfiguration.class,
		afterName = SpringBootLine.COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MiddlewareProperties.class)
@Import(TomcatFilterStageConfiguration.class)
public class StageTraceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StageTraceRepository middlewareStageTraceRepository(MiddlewareProperties properties) {
		MiddlewareProperties.StageTrace stageTrace = properties.getStageTrace();
		return new StageTraceRepository(requireNotNegative("middleware.stage-trace.recent", stageTrace.getRecent()),
				requireNotNegative("middleware.stage-trace.retained", stageTrace.getRetained()));
	}

	@Bean
	@ConditionalOnMissingBean
	StageTraceRecorder middlewareStageTraceRecorder(StageTraceRepository repository, MiddlewareProperties properties) {
		return new StageTraceRecorder(repository, properties.getAccessLog().getSlowThreshold());
	}

	/**
	 * What wraps the filters the servlet container holds (those of {@code @WebFilter} and
	 * {@code ServletContextInitializer}s too), or {@code null} when neither deep tracing nor
	 * {@code middleware.stage-trace.wrap-container-filters} asks for it. Run in a context
	 * initializer added after Spring Boot's own, which registers the application's filters.
	 */
	static Consumer<Context> containerFilterStages(ObjectProvider<StageObserver> observers,
			MiddlewareProperties properties, ObjectProvider<MiddlewareTraceMarkerConfiguration.Marker> annotation) {
		boolean deepTracing = properties.getStageTrace().isOn(annotation.getIfAvailable() != null);
		if (!deepTracing && !properties.getStageTrace().isWrapContainerFilters()) {
			return null;
		}
		StageObserver lazy = observers(observers);
		return (context) -> context.addServletContainerInitializer(
				(classes, servletContext) -> TomcatFilterStages.wrapFilters(context, lazy), null);
	}

	/**
	 * Every {@link StageObserver} bean, resolved on first use and in order.
	 */
	static StageObserver observers(ObjectProvider<StageObserver> observers) {
		return new LazyStageObserver(() -> StageObserver.composite(observers.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "middleware.stage-trace.metrics", matchIfMissing = true)
	StageMetrics middlewareStageMetrics(MeterRegistry registry) {
		return new StageMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("middleware.stage-trace.log-stages")
	StageLogObserver middlewareStageLogObserver() {
		return new StageLogObserver();
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(DeepTracingCondition.class)
	static class DeepTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HandlerStageInterceptor middlewareHandlerStageInterceptor(ObjectProvider<StageObserver> observers) {
			return new HandlerStageInterceptor(observers(observers));
		}

		@Bean
		@ConditionalOnMissingBean
		ViewStageInterceptor middlewareViewStageInterceptor(ObjectProvider<StageObserver> observers) {
			return new ViewStageInterceptor(observers(observers));
		}

		@Bean
		@ConditionalOnMissingBean
		ExceptionResolutionStage middlewareExceptionResolutionStage(ObjectProvider<StageObserver> observers) {
			return new ExceptionResolutionStage(observers(observers));
		}

		@Bean
		static BeanPostProcessor middlewareInterceptorStagePostProcessor(ObjectProvider<StageObserver> observers,
				ObjectProvider<HandlerStageInterceptor> handlerStage, ObjectProvider<ViewStageInterceptor> viewStage) {
			StageObserver lazy = observers(observers);
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof AbstractHandlerMapping mapping) {
						InterceptorStages.instrument(mapping, lazy, handlerStage.getObject(),
								viewStage.getIfAvailable());
					}
					return bean;
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(DeepTracingCondition.class)
	@ConditionalOnClass(DefaultSecurityFilterChain.class)
	static class SecurityStageConfiguration {

		@Bean
		static BeanPostProcessor middlewareSecurityStagePostProcessor(ObjectProvider<StageObserver> observers) {
			StageObserver lazy = observers(observers);
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof DefaultSecurityFilterChain chain) {
						SecurityStageFilters.wrapAll(chain.getFilters(), lazy);
					}
					return bean;
				}
			};
		}

	}

}
