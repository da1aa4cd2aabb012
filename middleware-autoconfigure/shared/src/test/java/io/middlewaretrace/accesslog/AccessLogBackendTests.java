package io.middlewaretrace.accesslog;

import org.junit.jupiter.api.Test;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log says at startup what an application loses when its logging system is not
 * Logback, instead of writing plain lines silently.
 */
class AccessLogBackendTests {

	@Test
	void saysNothingUnderLogback() {
		assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
			.isEqualTo("ch.qos.logback.classic.LoggerContext");
		assertThat(AccessLogBackend.downgradeWarning(LoggerFactory.getILoggerFactory())).isNull();
	}

	@Test
	void namesTheBindingAndWhatIsLostUnderAnyOther() {
		ILoggerFactory log4j = new Log4jLoggerFactory();
		assertThat(AccessLogBackend.downgradeWarning(log4j))
			.startsWith("The access log writes through " + Log4jLoggerFactory.class.getName() + ", not Logback")
			.contains("'middleware.access' logger is its plain message")
			.contains("trace id, span id, route, status, duration, size")
			.contains("middleware.access-log.enabled=false");
	}

	/**
	 * Stands in for Log4j2's SLF4J binding, which this class path does not have.
	 */
	static final class Log4jLoggerFactory implements ILoggerFactory {

		@Override
		public org.slf4j.Logger getLogger(String name) {
			return NOPLogger.NOP_LOGGER;
		}

	}

}
