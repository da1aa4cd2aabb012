package io.middlewaretrace.deadline.http;

import java.net.http.HttpResponse;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;

import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineRecord;
import io.middlewaretrace.deadline.DeadlineRecord.PhaseRecord;
import io.middlewaretrace.deadline.DeadlineRecorder;
import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.testapp.WithObservability;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS calls through a Boot-built RestClient on Apache HttpClient 5, with TLS configured by
 * Boot from an SSL bundle that trusts the test server's self-signed certificate: the handshake
 * is its own phase, bounded by the deadline, and the bundle's trust and hostname verification
 * still apply. The serving thread is not interrupted at the deadline, so only the HttpClient
 * integration can end a call in time.
 */
@WithObservability
@SpringBootTest(classes = TlsDeadlineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { BootLineSupport.HTTP_CLIENT_FACTORY + "=http-components", BootLineSupport.HTTP_CLIENT_SSL_BUNDLE + "=tls-test",
				AbstractHttpDeadlineServerTests.PROPERTIES, AbstractHttpDeadlineServerTests.MARGIN,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class HttpComponentsTlsDeadlineServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private DeadlineRecorder recorder;

	@DynamicPropertySource
	static void sslBundle(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.tls-test.truststore.certificate",
				() -> "file:" + TlsTestCertificate.get().certificate());
	}

	@Test
	void recordsTheHandshakeAsItsOwnPhaseInsideTheConnect() throws Exception {
		HttpResponse<String> response = server().get("/tls/hello", "X-Request-Timeout-Ms", "5000");
		// the self-signed certificate is trusted through the bundle only
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("timeoutMs").asLong()).isBetween(1L, 4900L);
		DeadlineRecord record = awaitRecord(response);
		PhaseRecord connect = AbstractHttpDeadlineServerTests.phase(record, DeadlineExecChainHandler.CONNECT_PHASE);
		PhaseRecord tls = AbstractHttpDeadlineServerTests.phase(record, TimedTlsSocketStrategy.TLS_PHASE);
		assertThat(tls.outcome()).isEqualTo("ok");
		assertThat(tls.detail()).isEqualTo("localhost:" + HttpsTestServer.get().httpsPort());
		// inside the connect: after the TCP connect began, ended before the connect ended
		assertThat(tls.offsetMs()).isGreaterThanOrEqualTo(connect.offsetMs());
		assertThat(tls.offsetMs() + tls.durationMs()).isLessThanOrEqualTo(connect.offsetMs() + connect.durationMs());
		assertThat(AbstractHttpDeadlineServerTests.names(record)).containsSubsequence(
				DeadlineClientHttpRequestInterceptor.CALL_PHASE, DeadlineExecChainHandler.LEASE_PHASE,
				DeadlineExecChainHandler.CONNECT_PHASE, TimedTlsSocketStrategy.TLS_PHASE,
				DeadlineClientHttpRequestInterceptor.BODY_PHASE);
	}

	@Test
	void keepsTheBundlesHostnameVerification() throws Exception {
		int before = HttpsTestServer.get().requests();
		// the certificate names localhost only
		HttpResponse<String> response = server().get("/tls/hello?host=127.0.0.1", "X-Request-Timeout-Ms", "5000");
		assertThat(response.statusCode()).isEqualTo(500);
		Throwable failure = TlsDeadlineTestApplication.FAILURE.get();
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		// the handshake fails: with HttpClient's hostname verifier (Spring Boot 3.5), or in the
		// trust manager with the bundle's endpoint identification (Spring Boot 4), below it
		assertThat(failure).hasCauseInstanceOf(SSLException.class);
		assertThat(NestedExceptionUtils.getRootCause(failure)).hasMessageContaining("127.0.0.1");
		assertThat(HttpsTestServer.get().requests()).isEqualTo(before);
		PhaseRecord tls = AbstractHttpDeadlineServerTests.phase(awaitRecord(response),
				TimedTlsSocketStrategy.TLS_PHASE);
		assertThat(tls.outcome()).isEqualTo("failed");
	}

	@Test
	void endsAHandshakeThatNeverCompletesAtTheDeadline() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = server().get("/tls/silent", "X-Request-Timeout-Ms", "300");
		long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("phase").asText()).isEqualTo(TimedTlsSocketStrategy.TLS_PHASE);
		assertThat(elapsedMs).isBetween(300L, 300L + AbstractHttpDeadlineServerTests.TIMING_SLACK_MS);
		DeadlineRecord record = awaitRecord(response);
		assertThat(record.phase()).isEqualTo(TimedTlsSocketStrategy.TLS_PHASE);
		assertThat(AbstractHttpDeadlineServerTests.phase(record, TimedTlsSocketStrategy.TLS_PHASE).outcome())
			.isEqualTo("deadline");
		Throwable failure = TlsDeadlineTestApplication.FAILURE.get();
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasMessageContaining("deadline passed");
		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(DeadlineExceededException.class);
	}

	private DeadlineRecord awaitRecord(HttpResponse<String> response) throws InterruptedException {
		return AbstractHttpDeadlineServerTests.awaitRecord(this.recorder, response);
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
