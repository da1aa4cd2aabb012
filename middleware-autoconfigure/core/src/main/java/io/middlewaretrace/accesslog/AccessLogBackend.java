package io.middlewaretrace.accesslog;

import org.slf4j.ILoggerFactory;

/**
 * Which logging system the access log writes through, and what an application loses when it is
 * not Logback: the access line's fields travel as a logstash-logback-encoder marker, which only
 * Logback turns into JSON fields. Under Log4j2 or any other SLF4J binding each line is its plain
 * message ({@code GET /api/owners/{id} 200}), without trace id, route, status or duration; the
 * starter says so once at startup instead of downgrading silently.
 *
 * @since 0.1.0
 */
public final class AccessLogBackend {

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	private AccessLogBackend() {
	}

	/**
	 * Returns the warning for an application whose SLF4J binding is not Logback, or
	 * {@code null} when it is.
	 * @param loggerFactory the application's SLF4J logger factory
	 * @return the warning or {@code null}
	 */
	public static String downgradeWarning(ILoggerFactory loggerFactory) {
		String binding = loggerFactory.getClass().getName();
		if (binding.equals(LOGBACK)) {
			return null;
		}
		return "The access log writes through " + binding + ", not Logback: each line on the '"
				+ AccessLogger.LOGGER_NAME + "' logger is its plain message (\"GET /api/owners/{id} 200\"), "
				+ "without its JSON fields (trace id, span id, route, status, duration, size), which only Logback "
				+ "with logstash-logback-encoder writes. Use Logback for structured access lines, or set "
				+ "middleware.access-log.enabled=false to turn the access log off.";
	}

}
