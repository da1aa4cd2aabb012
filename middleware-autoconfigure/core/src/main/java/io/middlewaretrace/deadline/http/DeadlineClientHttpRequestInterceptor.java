package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.deadline.DeadlineExceededException;
import io.middlewaretrace.deadline.DeadlineState;

/**
 * Bounds an outbound call made on a request's behalf by the request's {@link Deadline}: the
 * call fails at once, without network I/O, when less than the margin and a millisecond is left
 * ({@link Deadline#usableNanos(long)}), and the request is then marked timed out; otherwise the
 * remaining budget minus the margin is sent in a header (integer milliseconds, never below 1),
 * the call is aborted when the deadline passes (the calling thread is interrupted, which makes
 * the JDK client cancel its exchange, and the JDK client's response stream is closed; Apache
 * HttpClient 5 is aborted by {@link DeadlineExecChainHandler}), and its time is recorded as the request's
 * {@value #CALL_PHASE} and {@value #BODY_PHASE} phases. A call that fails because the deadline
 * passed fails with an {@link IOException} whose cause is a {@link DeadlineExceededException};
 * {@code RestClient} reports it as a {@code ResourceAccessException}.
 * <p>
 * Calls made outside a request, or while deadlines are off, pass untouched.
 *
 * @since 0.1.0
 */
public class DeadlineClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	/**
	 * Phase of a whole outbound call, from the moment it is sent until its response is closed.
	 * Blamed when the deadline passes while the called service has not answered.
	 */
	public static final String CALL_PHASE = "http.call";

	/**
	 * Phase of reading a response, from its headers until it is closed: its start is the time to
	 * first byte.
	 */
	public static final String BODY_PHASE = "http.body";

	/**
	 * Default name of the outbound header carrying the remaining budget.
	 */
	public static final String DEFAULT_HEADER = "X-Request-Timeout-Ms";

	private static final String JDK_RESPONSE = "org.springframework.http.client.JdkClientHttpResponse";

	private final long marginNanos;

	private final String header;

	/**
	 * Creates an interceptor.
	 * @param margin time kept back from the remaining budget for the answer to travel back, zero
	 * or more
	 * @param header name of the header the remaining budget is sent in, or {@code null} to send
	 * none
	 */
	public DeadlineClientHttpRequestInterceptor(Duration margin, String header) {
		if (margin.isNegative()) {
			throw new IllegalArgumentException("margin must not be negative, but was " + margin);
		}
		this.marginNanos = margin.toNanos();
		this.header = header;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline == null) {
			return execution.execute(request, body);
		}
		long usableNanos = deadline.usableNanos(this.marginNanos);
		String detail = detail(request);
		if (usableNanos == 0) {
			context.phases().start(CALL_PHASE, detail).end(Phase.DEADLINE);
			// out of time for the call although the deadline may not have passed yet: the
			// request is answered as timed out (504), not as failed by the refused call
			DeadlineState.markTimedOut(context, CALL_PHASE);
			throw new IOException("Request deadline leaves no time for " + detail + budget(deadline),
					new DeadlineExceededException(CALL_PHASE, deadline));
		}
		if (this.header != null) {
			request.getHeaders().set(this.header, Long.toString(usableNanos / 1_000_000L));
		}
		OutboundCall call = new OutboundCall(context, deadline, context.phases().start(CALL_PHASE, detail));
		ClientHttpResponse response;
		try {
			response = execution.execute(request, body);
		}
		catch (IOException | RuntimeException | Error ex) {
			boolean deadlinePassed = call.end(Phase.FAILED);
			if (deadlinePassed && !(ex instanceof Error)) {
				IOException timeout = new IOException("Request deadline passed during " + detail + budget(deadline),
						new DeadlineExceededException(CALL_PHASE, deadline));
				timeout.addSuppressed(ex);
				throw timeout;
			}
			throw ex;
		}
		call.responded(context.phases().start(BODY_PHASE, detail), closesWithoutBlocking(response) ? response : null);
		return new DeadlineClientHttpResponse(response, call);
	}

	/**
	 * Whether the response's stream can be closed from the watchdog's thread without blocking
	 * it: true of the JDK client's (a subscription is cancelled); Apache HttpClient 5 would read
	 * the rest of the body to keep the connection, so it is aborted by its exec chain handler.
	 */
	private static boolean closesWithoutBlocking(ClientHttpResponse response) {
		return JDK_RESPONSE.equals(response.getClass().getName());
	}

	private static String budget(Deadline deadline) {
		return " (budget " + deadline.budget().toMillis() + " ms from " + deadline.source() + ")";
	}

	/**
	 * Method and URL without user info, query or fragment: what a phase may show.
	 */
	static String detail(HttpRequest request) {
		URI uri = request.getURI();
		StringBuilder detail = new StringBuilder(64);
		detail.append(request.getMethod().name()).append(' ');
		if (uri.getScheme() != null) {
			detail.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			detail.append(uri.getHost());
			if (uri.getPort() >= 0) {
				detail.append(':').append(uri.getPort());
			}
		}
		String path = uri.getRawPath();
		detail.append((path != null && !path.isEmpty()) ? path : "/");
		return detail.toString();
	}

}
