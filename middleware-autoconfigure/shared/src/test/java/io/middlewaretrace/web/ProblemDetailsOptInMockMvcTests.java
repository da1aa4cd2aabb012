package io.middlewaretrace.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithMockMvc;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The problem+json opt-in answers on MockMvc too, where there is no error page at all.
 */
@WithObservability
@WithMockMvc
@SpringBootTest(classes = TestApplication.class, properties = { "management.tracing.sampling.probability=1.0",
		"middleware.errors.problem-details=true" })
class ProblemDetailsOptInMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void handlerExceptionIsAnsweredWithProblemJson() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/boom"))
			.andExpect(status().isInternalServerError())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andReturn();
		String traceId = result.getResponse().getHeader("X-Trace-Id");
		assertThat(result.getResponse().getContentAsString()).contains("\"traceId\":\"" + traceId + "\"")
			.doesNotContain("hunter2");
	}

}
