package io.middlewaretrace.deadline;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithMockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Without a container (MockMvc) there is no connection to close: a response committed before its
 * deadline passed is only marked for closing, and the test sees what the handler wrote before
 * the deadline; what it writes after is refused.
 */
@WithMockMvc
@SpringBootTest(classes = { TestApplication.class, DeadlineTestEndpoints.class },
		properties = "middleware.access-log.output=logger")
class DeadlineMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void aResponseCommittedBeforeTheDeadlinePassedIsMarkedForClosingAndCutAtTheDeadline() throws Exception {
		MvcResult result = this.mvc
			.perform(get("/deadline/stream-past-deadline?millis=300").header("X-Request-Timeout-Ms", "100"))
			.andReturn();
		assertThat(result.getRequest().getAttribute(DeadlineFilter.CLOSE_CONNECTION_ATTRIBUTE)).isEqualTo(true);
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		// "last\n" is written after the deadline: refused, the handler's write fails quietly
		assertThat(result.getResponse().getContentAsString()).isEqualTo("first\n");
		assertThat(result.getResolvedException()).isInstanceOf(AsyncRequestNotUsableException.class);
	}

}
