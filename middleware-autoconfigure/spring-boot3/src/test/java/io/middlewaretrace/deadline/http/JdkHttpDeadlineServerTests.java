package io.middlewaretrace.deadline.http;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Deadlines in calls made with the JDK {@code HttpClient}.
 */
@AutoConfigureObservability
@SpringBootTest(classes = DeadlineHttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.http.client.factory=jdk", AbstractHttpDeadlineServerTests.PROPERTIES,
				AbstractHttpDeadlineServerTests.MARGIN, AbstractHttpDeadlineServerTests.TRACING,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class JdkHttpDeadlineServerTests extends AbstractHttpDeadlineServerTests {

}
