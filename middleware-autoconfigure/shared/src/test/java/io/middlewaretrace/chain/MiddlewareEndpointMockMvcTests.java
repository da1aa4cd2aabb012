package io.middlewaretrace.chain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.test.web.servlet.MockMvc;

import io.middlewaretrace.context.BodySnapshot;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.stage.StageTrace;
import io.middlewaretrace.stage.StageTraceRepository;
import io.middlewaretrace.testapp.WithMockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code /actuator/middleware} without a servlet container (MockMvc): the filter order comes from
 * Spring Boot's registration order, which MockMvc follows too; and the trace selector masks
 * snapshot values by default.
 */
@WithMockMvc
@SpringBootTest(classes = { ChainTestApplication.class, MiddlewareEndpointMockMvcTests.MoreMiddleware.class },
		properties = "management.endpoints.web.exposure.include=middleware")
class MiddlewareEndpointMockMvcTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Test
	void ordersFiltersAsSpringBootRegistersThemWhenThereIsNoContainer() throws Exception {
		List<String> ran = strings(json("/api/public/filters"));
		JsonNode middleware = json("/actuator/middleware");
		assertThat(middleware.path("source").asText()).isEqualTo(MiddlewareChainDescriber.SOURCE_REGISTRATION);
		List<String> shown = new ArrayList<>();
		for (JsonNode filter : middleware.path("filters")) {
			if (ran.contains(filter.path("name").asText())) {
				shown.add(filter.path("name").asText());
			}
			assertThat(filter.path("orderSource").asText()).isNotEqualTo(FilterDescriptor.ORDER_SOURCE_CONTAINER);
		}
		assertThat(ran).contains("annotatedFilter", "beanMethodOrderedFilter");
		assertThat(shown).isEqualTo(ran);
	}

	@Test
	void saysThatOrderOnAFilterBeanMethodIsIgnored() throws Exception {
		JsonNode filter = null;
		for (JsonNode candidate : json("/actuator/middleware").path("filters")) {
			if (candidate.path("name").asText().equals("beanMethodOrderedFilter")) {
				filter = candidate;
			}
		}
		assertThat(filter).isNotNull();
		assertThat(filter.path("order").asInt()).isEqualTo(Integer.MAX_VALUE);
		assertThat(filter.path("orderSource").asText()).isEqualTo(FilterDescriptor.ORDER_SOURCE_DEFAULT);
		assertThat(filter.path("note").asText()).startsWith("@Order(1) on the @Bean method is ignored");
		assertThat(strings(filter.path("collidesWith"))).containsExactly("unorderedFilter");
		assertThat(new MiddlewareChainDescriber(this.context).orderCollisions())
			.contains(new OrderCollision(Integer.MAX_VALUE, List.of("unorderedFilter", "beanMethodOrderedFilter")));
	}

	@Test
	void masksSnapshotValuesOfATraceByDefault() throws Exception {
		JsonNode trace = json("/actuator/middleware/" + TRACE_ID);
		assertThat(trace.path("traceId").asText()).isEqualTo(TRACE_ID);
		JsonNode snapshot = trace.path("snapshot");
		assertThat(snapshot.path("uri").asText()).isEqualTo("/api/public/y?token=" + Snapshot.MASK);
		assertThat(snapshot.path("requestHeaders").path("X-Api-Key").get(0).asText()).isEqualTo(Snapshot.MASK);
		assertThat(snapshot.path("responseBody").path("text").isMissingNode()
				|| snapshot.path("responseBody").path("text").isNull())
			.isTrue();
		assertThat(trace.toString()).doesNotContain("k-123", "secret-token", "public body");
		this.mvc.perform(get("/actuator/middleware/" + TRACE_ID.replace('4', '5'))).andExpect(status().isNotFound());
	}

	private JsonNode json(String path) throws Exception {
		String body = this.mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();
		return JSON.readTree(body);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return values;
	}

	@Configuration(proxyBeanMethods = false)
	static class MoreMiddleware {

		@Bean
		@Order(1)
		ChainTestApplication.RecordingFilter beanMethodOrderedFilter() {
			return new ChainTestApplication.RecordingFilter("beanMethodOrderedFilter");
		}

		@Bean
		@Primary
		StageTraceRepository chainTestTraces() {
			StageTraceRepository traces = new StageTraceRepository(10, 10);
			Snapshot snapshot = new Snapshot("GET", "/api/public/y?token=secret-token",
					Map.of("X-Api-Key", List.of("k-123")), null, Map.of(), 500,
					Map.of("Content-Type", List.of("text/plain")),
					new BodySnapshot("text/plain", 11, false, "public body", null));
			traces.add(new StageTrace(TRACE_ID, "00f067aa0ba902b7", "GET", "/api/public/y", 500, Instant.now(), 12.5, 0, null,
					Set.of(StageTrace.Reason.FAILED), List.of(), 0, List.of(), snapshot));
			return traces;
		}

	}

}
