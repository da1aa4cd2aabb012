package io.middlewaretrace.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.MockMvc;

import io.middlewaretrace.EnableMiddlewareTrace;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithMockMvc;
import io.middlewaretrace.testapp.WithObservability;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * With {@code @EnableMiddlewareTrace}, the request's timeline records the stages it passed
 * through, on MockMvc too (where the container's filters are not wrapped, but the security
 * chain's filters and the interceptors are); the handler sees the entries already made.
 */
@WithObservability
@WithMockMvc
@SpringBootTest(classes = { TestApplication.class, DeepTracingTests.DeepTracing.class },
		properties = "middleware.access-log.output=logger")
class DeepTracingTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void timelineRecordsFilterAndHandlerEntry() throws Exception {
		this.mvc.perform(get("/api/context"))
			.andExpect(jsonPath("$.entered[0]").value("middlewareTraceFilter"))
			.andExpect(jsonPath("$.entered[-1]").value("TestController#context"))
			.andExpect(jsonPath("$.entered").value(org.hamcrest.Matchers.hasItems("AuthorizationFilter",
					"RoutePatternInterceptor.preHandle")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMiddlewareTrace
	static class DeepTracing {

	}

}
