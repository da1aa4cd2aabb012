package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketException;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * A {@link TlsSocketStrategy} around the one a client was built with (Spring Boot's, from an SSL
 * bundle, the application's, or HttpClient's default), which records each TLS handshake made on
 * a request's behalf as the request's {@value #TLS_PHASE} phase, inside
 * {@value DeadlineExecChainHandler#CONNECT_PHASE}, and bounds it by the request's
 * {@link Deadline}: the socket's read timeout during the handshake becomes the remaining budget
 * (plus 1 ms, so that the deadline, not the timeout, ends it) where that is shorter, and a
 * handshake is not started once the deadline passed. Everything else, hostname verification
 * and trust included, is the delegate's.
 * <p>
 * Handshakes made outside a request, or while deadlines are off, pass untouched.
 *
 * @since 0.1.0
 */
public class TimedTlsSocketStrategy implements TlsSocketStrategy {

	/**
	 * Phase of the TLS handshake of a new connection.
	 */
	public static final String TLS_PHASE = "http.tls";

	private final TlsSocketStrategy delegate;

	/**
	 * Creates a strategy.
	 * @param delegate the strategy doing the handshakes
	 */
	public TimedTlsSocketStrategy(TlsSocketStrategy delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns the strategy doing the handshakes.
	 * @return the wrapped strategy
	 */
	public TlsSocketStrategy getDelegate() {
		return this.delegate;
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
			throws IOException {
		DefaultRequestContext request = RequestContextHolder.get();
		Deadline deadline = (request != null) ? request.deadline() : null;
		if (deadline == null) {
			return this.delegate.upgrade(socket, target, port, attachment, context);
		}
		if (deadline.isExpired()) {
			request.phases().start(TLS_PHASE, target + ":" + port).end(Phase.DEADLINE);
			throw new InterruptedIOException("Request deadline passed before the TLS handshake with " + target);
		}
		Phase phase = request.phases().start(TLS_PHASE, target + ":" + port);
		int timeout = socket.getSoTimeout();
		try {
			socket.setSoTimeout(bounded(timeout, deadline.remainingMillis() + 1));
			SSLSocket upgraded = this.delegate.upgrade(socket, target, port, attachment, context);
			phase.end(Phase.OK);
			return upgraded;
		}
		finally {
			phase.end(deadline.isExpired() ? Phase.DEADLINE : Phase.FAILED);
			restore(socket, timeout);
		}
	}

	private static void restore(Socket socket, int timeout) {
		try {
			socket.setSoTimeout(timeout);
		}
		catch (SocketException ex) {
			// closed by an abort at the deadline: nothing to restore, the failure is the handshake's
		}
	}

	/**
	 * The shorter of a socket timeout (0: none) and the remaining budget.
	 */
	static int bounded(int timeoutMillis, long remainingMillis) {
		int remaining = (int) Math.min(Integer.MAX_VALUE, Math.max(1, remainingMillis));
		return (timeoutMillis <= 0 || timeoutMillis > remaining) ? remaining : timeoutMillis;
	}

}
