package io.middlewaretrace.deadline.http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.testapp.WithObservability;

/**
 * Deadlines in calls made with the JDK {@code HttpClient}.
 */
@WithObservability
@SpringBootTest(classes = DeadlineHttpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { BootLineSupport.HTTP_CLIENT_FACTORY + "=jdk", AbstractHttpDeadlineServerTests.PROPERTIES,
				AbstractHttpDeadlineServerTests.MARGIN, AbstractHttpDeadlineServerTests.TRACING,
				AbstractHttpDeadlineServerTests.RECORD_ALL })
class JdkHttpDeadlineServerTests extends AbstractHttpDeadlineServerTests {

}
