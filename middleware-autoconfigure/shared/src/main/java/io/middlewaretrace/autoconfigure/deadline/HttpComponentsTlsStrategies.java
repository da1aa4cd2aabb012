package io.middlewaretrace.autoconfigure.deadline;

import java.lang.reflect.Field;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

import org.springframework.util.ReflectionUtils;

import io.middlewaretrace.deadline.http.TimedTlsSocketStrategy;

/**
 * Puts a {@link TimedTlsSocketStrategy} around the TLS strategy an Apache HttpClient 5
 * connection manager is about to be built with, as a connection manager customizer that runs
 * after Boot set the strategy from the SSL bundle (and after the application's customizers).
 * <p>
 * The builder has a setter for the strategy but no getter, and Boot's builder keeps its
 * strategy factory to itself, so the strategy is read from the builder's field. Without a
 * strategy set, the builder would use HttpClient's default (the system default when
 * {@code useSystemProperties()} was called, as Boot does): that one is created here in the same
 * way and wrapped. Should a later HttpClient rename the fields, nothing is wrapped and
 * {@code http.tls} is not recorded; the handshake stays part of {@code http.connect}, bounded by
 * the connect timeout and the abort at the deadline.
 */
final class HttpComponentsTlsStrategies {

	private static final Log logger = LogFactory.getLog(HttpComponentsTlsStrategies.class);

	private static final Field STRATEGY = field("tlsSocketStrategy", TlsSocketStrategy.class);

	private static final Field SYSTEM_PROPERTIES = field("systemProperties", boolean.class);

	private HttpComponentsTlsStrategies() {
	}

	static void wrap(PoolingHttpClientConnectionManagerBuilder builder) {
		if (STRATEGY == null || SYSTEM_PROPERTIES == null) {
			return;
		}
		TlsSocketStrategy current = (TlsSocketStrategy) ReflectionUtils.getField(STRATEGY, builder);
		if (current instanceof TimedTlsSocketStrategy) {
			return;
		}
		if (current == null) {
			boolean systemProperties = (boolean) ReflectionUtils.getField(SYSTEM_PROPERTIES, builder);
			current = systemProperties ? DefaultClientTlsStrategy.createSystemDefault()
					: DefaultClientTlsStrategy.createDefault();
		}
		builder.setTlsSocketStrategy(new TimedTlsSocketStrategy(current));
	}

	private static Field field(String name, Class<?> type) {
		Field field = ReflectionUtils.findField(PoolingHttpClientConnectionManagerBuilder.class, name, type);
		if (field == null) {
			logger.info("HttpClient's PoolingHttpClientConnectionManagerBuilder has no field " + name
					+ ": TLS handshakes are not recorded as http.tls");
			return null;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return field;
		}
		catch (RuntimeException ex) {
			logger.info("Cannot read HttpClient's TLS strategy: TLS handshakes are not recorded as http.tls", ex);
			return null;
		}
	}

}
