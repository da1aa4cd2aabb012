package io.middlewaretrace.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.middlewaretrace.accesslog.AccessLogger;
import io.middlewaretrace.testapp.JsonLogCapture;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithMockMvc;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The same behaviour through MockMvc, where there is no container: no ERROR dispatch, no
 * request listener.
 */
@WithObservability
@WithMockMvc
@SpringBootTest(classes = TestApplication.class, properties = { "management.tracing.sampling.probability=1.0",
		"middleware.access-log.output=logger" })
class MiddlewareTraceMockMvcTests {

	@Autowired
	private MockMvc mvc;

	private JsonLogCapture accessLog;

	@BeforeEach
	void capture() {
		this.accessLog = JsonLogCapture.of(AccessLogger.LOGGER_NAME);
	}

	@AfterEach
	void release() {
		this.accessLog.close();
	}

	@Test
	void logsRoutePatternAndTraceIdOfTheResponseHeader() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/owners/{id}", 8))
			.andExpect(status().isOk())
			.andExpect(header().exists("traceresponse"))
			.andExpect(jsonPath("$.route").value("/api/owners/{id}"))
			.andReturn();
		String traceId = result.getResponse().getHeader("X-Trace-Id");
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/owners/{id}");
		assertThat(line.path("response_bytes").asLong()).isEqualTo(result.getResponse().getContentAsByteArray().length);
	}

	@Test
	void deepTracingIsOffWithoutTheAnnotation() throws Exception {
		this.mvc.perform(get("/api/context")).andExpect(jsonPath("$.timeline").value(-1));
	}

	@Test
	void sendErrorCompletesWithoutAContainer() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/teapot")).andExpect(status().is(418)).andReturn();
		String traceId = result.getResponse().getHeader("X-Trace-Id");
		assertThat(this.accessLog.awaitField("trace_id", traceId).path("http_status").asInt()).isEqualTo(418);
	}

	@Test
	void handlerExceptionReachesTheTestAsWithoutTheStarter() {
		// as without the starter: MockMvc has no error page, DispatcherServlet's exception is
		// what perform() throws
		assertThatException().isThrownBy(() -> this.mvc.perform(get("/api/boom")))
			.isInstanceOf(jakarta.servlet.ServletException.class)
			.withMessageStartingWith("Request processing failed: java.lang.IllegalStateException: boom")
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(this.accessLog.await((l) -> "/api/boom".equals(l.path("http_route").asText()))
			.path("http_status")
			.asInt()).isEqualTo(500);
	}

	@Test
	void filterExceptionReachesTheTestAsWithoutTheStarter() {
		assertThatException().isThrownBy(() -> this.mvc.perform(get("/filter-boom")))
			.isExactlyInstanceOf(IllegalStateException.class)
			.withMessage("filter failed, secret=hunter2");
	}

	@Test
	void aClientThatWentAwayIsNeitherAnsweredNorLoggedAsAnError() {
		try (JsonLogCapture filterLog = JsonLogCapture.of(MiddlewareTraceFilter.class.getName())) {
			assertThatException().isThrownBy(() -> this.mvc.perform(get("/filter-client-gone")))
				.isInstanceOf(java.io.IOException.class)
				.withMessage("Broken pipe");
			assertThat(filterLog.lines()).isEmpty();
		}
	}

	@Test
	void asyncRequestIsLoggedAfterTheAsyncDispatch() throws Exception {
		MvcResult started = this.mvc.perform(get("/api/callable/{id}", 5)).andExpect(request().asyncStarted()).andReturn();
		String traceId = started.getResponse().getHeader("X-Trace-Id");
		assertThat(this.accessLog.lines()).noneMatch((l) -> traceId.equals(l.path("trace_id").asText()));
		this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk());
		JsonNode line = this.accessLog.awaitField("trace_id", traceId);
		assertThat(line.path("http_route").asText()).isEqualTo("/api/callable/{id}");
	}

}
