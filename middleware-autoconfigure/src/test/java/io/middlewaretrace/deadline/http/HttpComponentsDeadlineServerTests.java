package io.middlewaretrace.deadline.http;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.middlewaretrace.deadline.DeadlineRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines in calls made with Apache HttpClient 5, which also reports its pool lease, DNS
 * lookup and connect.
 */
@AutoConfigureObservability
@SpringBootTest(classes = DeadlineHttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.http.client.factory=http-components", AbstractHttpDeadlineServerTests.PROPERTIES,
				AbstractHttpDeadlineServerTests.MARGIN, AbstractHttpDeadlineServerTests.TRACING,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class HttpComponentsDeadlineServerTests extends AbstractHttpDeadlineServerTests {

	@Override
	void assertClientPhases(DeadlineRecord record) {
		// the server closes each connection (close=true): every call leases, resolves and connects
		assertThat(names(record)).containsSubsequence(DeadlineExecChainHandler.LEASE_PHASE,
				DeadlineExecChainHandler.CONNECT_PHASE, TimedDnsResolver.DNS_PHASE);
		assertThat(names(record)).containsSubsequence(DeadlineClientHttpRequestInterceptor.CALL_PHASE,
				DeadlineExecChainHandler.LEASE_PHASE, DeadlineClientHttpRequestInterceptor.BODY_PHASE);
		assertThat(phase(record, DeadlineExecChainHandler.CONNECT_PHASE).outcome()).isEqualTo("ok");
		assertThat(phase(record, TimedDnsResolver.DNS_PHASE).detail()).isEqualTo("127.0.0.1");
	}

}
