package io.middlewaretrace.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.MockMvc;

import io.middlewaretrace.EnableMiddlewareTrace;
import io.middlewaretrace.testapp.TestApplication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * With {@code @EnableMiddlewareTrace}, the request's timeline records the stages it passed
 * through; the handler sees the filter and handler entries already made.
 */
@AutoConfigureObservability
@AutoConfigureMockMvc
@SpringBootTest(classes = { TestApplication.class, DeepTracingTests.DeepTracing.class },
		properties = "middleware.access-log.output=logger")
class DeepTracingTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void timelineRecordsFilterAndHandlerEntry() throws Exception {
		this.mvc.perform(get("/api/context")).andExpect(jsonPath("$.timeline").value(2));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMiddlewareTrace
	static class DeepTracing {

	}

}
