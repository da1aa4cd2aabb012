package io.middlewaretrace.autoconfigure.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.testapp.BootAutoConfigurations;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.ProblemDetailTraceIdAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace id in Spring Boot's error attributes, whatever the application's
 * {@code ErrorAttributes} bean is: the types of Spring Boot 4 (each line's test tree has its
 * own copy of these tests).
 */
class ErrorAttributesTraceIdTests {

	private final WebApplicationContextRunner errorRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareWebAutoConfiguration.class))
		.withConfiguration(BootAutoConfigurations.ERROR_MVC)
		.withConfiguration(BootAutoConfigurations.WEB_MVC)
		.withConfiguration(BootAutoConfigurations.DISPATCHER_SERVLET);

	@Test
	void addsTheTraceIdToBootsErrorAttributesAndKeepsTheirOtherRoles() {
		this.errorRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProblemDetailTraceIdAdvice.class);
			ErrorAttributes errorAttributes = context.getBean(ErrorAttributes.class);
			assertThat(AopUtils.isAopProxy(errorAttributes)).isTrue();
			// still found by class, and still the resolver that records the handler's exception
			assertThat(context.getBean(DefaultErrorAttributes.class)).isSameAs(errorAttributes);
			assertThat(context.getBeansOfType(HandlerExceptionResolver.class)).containsValue(
					(HandlerExceptionResolver) errorAttributes);
			assertThat(((Ordered) errorAttributes).getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(errorAttributes.getErrorAttributes(tracedRequest("4bf92f3577b34da6a3ce929d0e0e4736"),
					ErrorAttributeOptions.defaults()))
				.containsEntry("status", 999)
				.containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		});
	}


	@Test
	void addsTheTraceIdToTheApplicationsErrorAttributesWithoutReplacingThem() {
		this.errorRunner.withUserConfiguration(ClinicErrorAttributesConfiguration.class).run((context) -> {
			ErrorAttributes errorAttributes = context.getBean(ErrorAttributes.class);
			assertThat(errorAttributes).isInstanceOf(ClinicErrorAttributes.class);
			assertThat(errorAttributes.getErrorAttributes(tracedRequest("4bf92f3577b34da6a3ce929d0e0e4736"),
					ErrorAttributeOptions.defaults()))
				.containsEntry("clinic", "Springfield")
				.containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		});
	}


	@Test
	void addsTheTraceIdToAFinalErrorAttributesClassThroughItsInterfaces() {
		this.errorRunner.withUserConfiguration(FinalErrorAttributesConfiguration.class).run((context) -> {
			ErrorAttributes errorAttributes = context.getBean(ErrorAttributes.class);
			assertThat(errorAttributes).isInstanceOf(Ordered.class);
			assertThat(errorAttributes.getErrorAttributes(tracedRequest("4bf92f3577b34da6a3ce929d0e0e4736"),
					ErrorAttributeOptions.defaults()))
				.isEqualTo(Map.of("kind", "final", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
		});
	}


	@Test
	void keepsATraceIdTheApplicationPutInItsErrorAttributes() {
		this.errorRunner.withUserConfiguration(OwnTraceIdErrorAttributesConfiguration.class)
			.run((context) -> assertThat(context.getBean(ErrorAttributes.class)
				.getErrorAttributes(tracedRequest("4bf92f3577b34da6a3ce929d0e0e4736"), ErrorAttributeOptions.defaults()))
				.isEqualTo(Map.of("traceId", "the application's")));
	}


	@Test
	void leavesErrorBodiesAloneWhenTheTraceIdIsTurnedOff() {
		this.errorRunner.withPropertyValues("middleware.errors.include-trace-id=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProblemDetailTraceIdAdvice.class);
			ErrorAttributes errorAttributes = context.getBean(ErrorAttributes.class);
			assertThat(AopUtils.isAopProxy(errorAttributes)).isFalse();
			assertThat(errorAttributes.getErrorAttributes(tracedRequest("4bf92f3577b34da6a3ce929d0e0e4736"),
					ErrorAttributeOptions.defaults()))
				.doesNotContainKey("traceId");
		});
	}


	private static WebRequest tracedRequest(String traceId) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/owners/7");
		request.setAttribute(MiddlewareTraceFilter.CONTEXT_ATTRIBUTE,
				DefaultRequestContext.builder("GET").trace(traceId, "00f067aa0ba902b7", true).build());
		return new ServletWebRequest(request);
	}


	@Configuration(proxyBeanMethods = false)
	static class ClinicErrorAttributesConfiguration {

		@Bean
		ClinicErrorAttributes clinicErrorAttributes() {
			return new ClinicErrorAttributes();
		}

	}


	static class ClinicErrorAttributes extends DefaultErrorAttributes {

		@Override
		public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
			Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
			attributes.put("clinic", "Springfield");
			return attributes;
		}

	}


	@Configuration(proxyBeanMethods = false)
	static class FinalErrorAttributesConfiguration {

		@Bean
		FinalErrorAttributes finalErrorAttributes() {
			return new FinalErrorAttributes();
		}

	}


	static final class FinalErrorAttributes implements ErrorAttributes, Ordered {

		@Override
		public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
			return Map.of("kind", "final");
		}

		@Override
		public Throwable getError(WebRequest webRequest) {
			return null;
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}


	@Configuration(proxyBeanMethods = false)
	static class OwnTraceIdErrorAttributesConfiguration {

		@Bean
		ErrorAttributes ownTraceIdErrorAttributes() {
			return new ErrorAttributes() {

				@Override
				public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
					return Map.of("traceId", "the application's");
				}

				@Override
				public Throwable getError(WebRequest webRequest) {
					return null;
				}

			};
		}

	}

}
