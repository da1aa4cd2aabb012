package io.middlewaretrace.anomaly;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.middlewaretrace.context.AnomalyType;
import io.middlewaretrace.stage.StageTestConfiguration;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter reads the request body before the handler: the handler still gets it (replayed),
 * and, when the body is too large to replay, the exhausted read is reported.
 */
class BodyReplayServerTests {

	private static HttpResponse<String> post(int port, String body) throws Exception {
		LocalServer server = new LocalServer(port);
		return server.send(HttpRequest.newBuilder(server.uri("/api/echo"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT, properties = "middleware.access-log.enabled=false")
	class WithinTheLimit {

		@LocalServerPort
		private int port;

		@Autowired
		private AnomalyRegistry anomalies;

		@Test
		void theHandlerGetsTheBodyTheFilterAlreadyRead() throws Exception {
			String body = "x".repeat(10_000);
			HttpResponse<String> response = post(this.port, body);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(body);
			assertThat(this.anomalies.counts()).containsEntry(AnomalyType.BODY_READ_TWICE, 0L);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, StageTestConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "middleware.access-log.enabled=false", "middleware.anomalies.body-replay-limit=1KB" })
	class OverTheLimit {

		@LocalServerPort
		private int port;

		@Autowired
		private AnomalyRegistry anomalies;

		@Test
		void theExhaustedReadIsReportedAndTheRequestStillAnswered() throws Exception {
			HttpResponse<String> response = post(this.port, "y".repeat(5_000));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEmpty();
			String traceId = response.headers().firstValue("X-Trace-Id").orElse(null);
			assertThat(this.anomalies.latest()).anySatisfy((anomaly) -> {
				assertThat(anomaly.type()).isEqualTo(AnomalyType.BODY_READ_TWICE);
				assertThat(anomaly.route()).isEqualTo("/api/echo");
				assertThat(anomaly.detail()).contains("5000 bytes").contains("1024");
				if (traceId != null) {
					assertThat(anomaly.traceId()).isEqualTo(traceId);
				}
			});
		}

	}

}
