package io.middlewaretrace.testapp;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real-server test whose access log goes to {@code access.log} in a temporary directory
 * ({@code middleware.access-log.output=file} is the test's own to set).
 */
public abstract class AccessLogFileServerTest {

	@TempDir
	protected static Path logs;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void accessLogFile(DynamicPropertyRegistry registry) {
		registry.add("middleware.access-log.file", () -> logs.resolve("access.log").toString());
	}

	/**
	 * Returns the running server.
	 * @return a client of it
	 */
	protected LocalServer server() {
		return new LocalServer(this.port);
	}

}
