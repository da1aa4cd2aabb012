package io.middlewaretrace.anomaly;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.stage.StageTestConfiguration;
import io.middlewaretrace.testapp.TestApplication;
import io.middlewaretrace.testapp.WithMockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Without the container's filters wrapped (MockMvc), an exception escaping a filter is still
 * attributed, by its stack, and a change after commit still caught by the response wrapper.
 */
@WithMockMvc
@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
		properties = { "middleware.access-log.output=logger", "spring.mvc.problemdetails.enabled=true" })
class AnomalyMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private AnomalyRegistry anomalies;

	@Test
	void attributesAnExceptionEscapingAFilterByItsStack() throws Exception {
		// MockMvc has no error page: the exception reaches the test as without the starter
		assertThatIllegalStateException().isThrownBy(() -> this.mvc.perform(get("/filter-boom")))
			.withMessage("filter failed, secret=hunter2");
		assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
			assertThat(anomaly.type()).isEqualTo(AnomalyType.FILTER_EXCEPTION);
			assertThat(anomaly.source()).startsWith(TestApplication.class.getName());
		});
	}

	@Test
	void catchesAChangeAfterCommit() throws Exception {
		this.mvc.perform(get("/api/late-status"));
		assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
			assertThat(anomaly.type()).isEqualTo(AnomalyType.CHANGE_AFTER_COMMIT);
			assertThat(anomaly.callerFrame()).contains("lateStatus");
		});
	}

}
