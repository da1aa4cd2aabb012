package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineState;

/**
 * Apache HttpClient 5 exec interceptor that bounds an exchange made on a request's behalf by
 * the request's {@link Deadline}: the pool lease, connect and response (socket) timeouts of the
 * exchange become the remaining budget where that is shorter than what is configured, the
 * exchange is aborted (its connection closed) when the deadline passes, also while its body is
 * read, and the lease, DNS lookup and connect are recorded as the request's phases
 * ({@value #LEASE_PHASE}, {@value TimedDnsResolver#DNS_PHASE}, {@value #CONNECT_PHASE}; the TLS
 * handshake inside the connect is {@value TimedTlsSocketStrategy#TLS_PHASE}, recorded by the
 * {@link TimedTlsSocketStrategy}). An exchange aborted at the deadline, or attempted after it, fails with an
 * {@link InterruptedIOException}, which the default retry strategy does not retry. Install it
 * under {@link #NAME} right before the protocol handler
 * ({@code addExecInterceptorBefore(ChainElement.PROTOCOL.name(), ...)}): inside retries and
 * redirects, so that each attempt is bounded and none is made once the deadline passed.
 * <p>
 * Exchanges made outside a request, or while deadlines are off, pass untouched.
 *
 * @since 0.1.0
 */
public class DeadlineExecChainHandler implements ExecChainHandler {

	/**
	 * Name of this handler in the exec chain.
	 */
	public static final String NAME = "middleware-deadline";

	/**
	 * Phase of leasing a connection from the pool.
	 */
	public static final String LEASE_PHASE = "http.lease";

	/**
	 * Phase of opening a connection: DNS lookup, TCP connect and TLS handshake (the last also
	 * recorded on its own, as {@value TimedTlsSocketStrategy#TLS_PHASE}).
	 */
	public static final String CONNECT_PHASE = "http.connect";

	private final Timeout connectTimeout;

	private final Timeout readTimeout;

	/**
	 * Creates a handler.
	 * @param connectTimeout connect timeout configured for the client (its connection config),
	 * never exceeded; {@code null} if none
	 * @param readTimeout read (socket) timeout a connection of the client is opened with (its
	 * connection config's socket timeout, else its socket config's), never exceeded, and put back
	 * for exchanges outside a request; {@code null} if none
	 */
	public DeadlineExecChainHandler(Timeout connectTimeout, Timeout readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			restore(scope.clientContext);
			return chain.proceed(request, scope);
		}
		if (deadline.isExpired()) {
			throw deadlinePassed(null);
		}
		bound(scope.clientContext, deadline);
		DeadlineHook hook = context.onDeadline(() -> abort(scope));
		ExecChain.Scope timed = new ExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest,
				new TimedExecRuntime(scope.execRuntime, context.phases(), deadline), scope.clientContext);
		ClassicHttpResponse response;
		try {
			response = chain.proceed(request, timed);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			hook.close();
			if (deadline.isExpired() || DeadlineState.isTimedOut(context)) {
				throw deadlinePassed(ex);
			}
			throw ex;
		}
		HttpEntity entity = response.getEntity();
		if (entity == null) {
			hook.close();
		}
		else {
			response.setEntity(new HookClosingEntity(entity, hook));
		}
		return response;
	}

	/**
	 * What an aborted exchange fails with: an interrupted I/O, which HttpClient's default retry
	 * strategy does not retry, whatever the closed connection made the exchange throw.
	 */
	private static InterruptedIOException deadlinePassed(Exception cause) {
		InterruptedIOException ex = new InterruptedIOException("Request deadline passed");
		if (cause != null) {
			ex.initCause(cause);
		}
		return ex;
	}

	@SuppressWarnings("deprecation")
	private void bound(HttpClientContext clientContext, Deadline deadline) {
		RequestConfig config = clientContext.getRequestConfigOrDefault();
		// ceiling: the watchdog aborts at the deadline; the client's own timeouts are a backstop
		Timeout remaining = Timeout.ofMilliseconds(deadline.remainingMillis() + 1);
		clientContext.setRequestConfig(RequestConfig.copy(config)
			.setConnectionRequestTimeout(shorter(config.getConnectionRequestTimeout(), null, remaining))
			.setConnectTimeout(shorter(config.getConnectTimeout(), this.connectTimeout, remaining))
			.setResponseTimeout(shorter(config.getResponseTimeout(), this.readTimeout, remaining))
			.build());
	}

	/**
	 * A response timeout stays on a pooled connection after the exchange that set it: an
	 * exchange outside a request puts back the one the connection was opened with.
	 */
	private void restore(HttpClientContext clientContext) {
		RequestConfig config = clientContext.getRequestConfigOrDefault();
		if (config.getResponseTimeout() == null && this.readTimeout != null) {
			clientContext.setRequestConfig(RequestConfig.copy(config).setResponseTimeout(this.readTimeout).build());
		}
	}

	/**
	 * The shortest of the configured values (a request's own, else the client's) and the
	 * remaining budget; a disabled (zero) timeout counts as infinite.
	 */
	static Timeout shorter(Timeout requestValue, Timeout clientValue, Timeout remaining) {
		Timeout configured = (requestValue != null) ? requestValue : clientValue;
		if (configured == null || configured.isDisabled()) {
			return remaining;
		}
		return (configured.toMilliseconds() < remaining.toMilliseconds()) ? configured : remaining;
	}

	private static void abort(ExecChain.Scope scope) {
		if (scope.originalRequest instanceof Cancellable request) {
			request.cancel();
		}
		if (scope.execRuntime instanceof Cancellable runtime) {
			runtime.cancel();
		}
	}

	/**
	 * Keeps the deadline watch on while the body is read: withdrawn when the entity is closed.
	 */
	static final class HookClosingEntity extends HttpEntityWrapper {

		private final DeadlineHook hook;

		HookClosingEntity(HttpEntity entity, DeadlineHook hook) {
			super(entity);
			this.hook = hook;
		}

		@Override
		public void close() throws IOException {
			try {
				super.close();
			}
			finally {
				this.hook.close();
			}
		}

	}

}
