package io.middlewaretrace.stage;

import java.net.http.HttpResponse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.util.pattern.PathPatternParser;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An interceptor registered for some paths keeps exactly the conditions the application gave it
 * once deep tracing records its stages: here in an application that matches paths without
 * regard to case, so that {@code /API/OWNERS/7} is {@code /api/owners/7} for its controllers and
 * its interceptors alike. A recorder that rebuilt the mapped interceptor from its path patterns
 * alone would match them case-sensitively, and drop the interceptor from that request.
 */
@SpringBootTest(classes = { TestApplication.class, MappedInterceptorStagesServerTests.CaseInsensitivePaths.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "middleware.stage-trace.enabled=true", "middleware.access-log.output=logger" })
class MappedInterceptorStagesServerTests {

	@LocalServerPort
	private int port;

	@Test
	void aMappedInterceptorAppliesWhereTheApplicationsMatchingSaysItDoes() throws Exception {
		LocalServer server = new LocalServer(this.port);
		HttpResponse<String> exact = server.get("/api/owners/7");
		HttpResponse<String> otherCase = server.get("/API/OWNERS/7");
		assertThat(exact.statusCode()).isEqualTo(200);
		assertThat(otherCase.statusCode()).isEqualTo(200);
		assertThat(exact.headers().firstValue("X-Owners-Interceptor")).hasValue("ran");
		assertThat(otherCase.headers().firstValue("X-Owners-Interceptor")).hasValue("ran");
	}

	@Test
	void aMappedInterceptorStaysOutOfRequestsItExcludes() throws Exception {
		HttpResponse<String> response = new LocalServer(this.port).get("/actuator/health");
		assertThat(response.headers().firstValue("X-Owners-Interceptor")).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CaseInsensitivePaths {

		@Bean
		WebMvcConfigurer caseInsensitivePaths() {
			return new WebMvcConfigurer() {

				@Override
				public void configurePathMatch(PathMatchConfigurer configurer) {
					configurer.setPatternParser(caseInsensitive());
				}

			};
		}

		// a MappedInterceptor bean, which every handler mapping applies, matching paths as the
		// application's controllers do
		@Bean
		MappedInterceptor ownersInterceptor() {
			HandlerInterceptor interceptor = new HandlerInterceptor() {

				@Override
				public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
					response.setHeader("X-Owners-Interceptor", "ran");
					return true;
				}

			};
			return new MappedInterceptor(new String[] { "/api/owners/**" }, null, interceptor, caseInsensitive());
		}

		private static PathPatternParser caseInsensitive() {
			PathPatternParser parser = new PathPatternParser();
			parser.setCaseSensitive(false);
			return parser;
		}

	}

}
