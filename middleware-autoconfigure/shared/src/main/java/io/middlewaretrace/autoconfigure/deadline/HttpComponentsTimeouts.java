package io.middlewaretrace.autoconfigure.deadline;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;

import io.middlewaretrace.deadline.http.DeadlineExecChainHandler;

/**
 * Reads the connect and socket timeouts an Apache HttpClient 5 client is built with, as Boot's
 * builder and every customizer before ours left them, and hands them to the
 * {@link DeadlineExecChainHandler} of the same client. Boot builds a client's socket config,
 * connection config and then the client itself on one thread, so what is read is kept per
 * thread until the client customizer takes it.
 */
final class HttpComponentsTimeouts {

	private final ThreadLocal<Timeout[]> building = ThreadLocal.withInitial(() -> new Timeout[2]);

	private final Duration connectTimeout;

	private final Duration readTimeout;

	/**
	 * Creates the reader of one client builder's timeouts.
	 * @param connectTimeout the connect timeout of Boot's HTTP client settings, or {@code null}
	 * @param readTimeout the read timeout of Boot's HTTP client settings, or {@code null}
	 */
	HttpComponentsTimeouts(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder) {
		return builder.withSocketConfigCustomizer(this::read)
			.withConnectionConfigCustomizer(this::read)
			.withHttpClientCustomizer((client) -> client.addExecInterceptorBefore(ChainElement.PROTOCOL.name(),
					DeadlineExecChainHandler.NAME, handler()));
	}

	private void read(SocketConfig.Builder socket) {
		// Boot builds the socket config first: a new client starts here
		Timeout[] timeouts = this.building.get();
		timeouts[0] = null;
		timeouts[1] = socket.build().getSoTimeout();
	}

	private void read(ConnectionConfig.Builder connection) {
		ConnectionConfig config = connection.build();
		Timeout[] timeouts = this.building.get();
		timeouts[0] = config.getConnectTimeout();
		if (config.getSocketTimeout() != null) {
			timeouts[1] = config.getSocketTimeout();
		}
	}

	private DeadlineExecChainHandler handler() {
		Timeout[] timeouts = this.building.get();
		this.building.remove();
		Timeout connect = (timeouts[0] != null) ? timeouts[0] : timeout(this.connectTimeout);
		Timeout read = (timeouts[1] != null) ? timeouts[1] : timeout(this.readTimeout);
		return new DeadlineExecChainHandler(connect, read);
	}

	private static Timeout timeout(Duration duration) {
		return (duration != null) ? Timeout.of(duration) : null;
	}

}
