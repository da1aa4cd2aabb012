package io.middlewaretrace.deadline.tomcat;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import io.middlewaretrace.deadline.DeadlineFilter;
import io.middlewaretrace.deadline.ReadTimeout;
import io.middlewaretrace.support.RequestBodies;

/**
 * Closes the connection of a request whose response was committed and then cut short, so that
 * the client sees an incomplete response instead of a complete-looking one: no terminating
 * zero-length chunk on HTTP/1.1 (a reset stream on HTTP/2), and the connection is not kept
 * alive. A request asks for it with the {@link DeadlineFilter#CLOSE_CONNECTION_ATTRIBUTE}
 * request attribute, which the {@link DeadlineFilter} sets when a deadline passed after the
 * response was committed.
 * <p>
 * The servlet API has no way to end a committed response other than completing it, and a
 * {@code Connection: close} header cannot be added once the headers are sent. This valve does
 * what Tomcat's own {@code ErrorReportValve} does for an error after commit: it asks the
 * protocol to close now, before Tomcat finishes the response. It is a context valve, so it runs
 * before the host's error page handling, which then writes nothing more.
 *
 * @since 0.1.0
 */
public class CloseConnectionValve extends ValveBase {

	/**
	 * Creates the valve.
	 */
	public CloseConnectionValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (RequestBodies.hasBody(request)) {
			ReadTimeout readTimeout = TomcatReadTimeout.of(request);
			if (readTimeout != null) {
				request.setAttribute(ReadTimeout.ATTRIBUTE, readTimeout);
			}
		}
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (request.getAttribute(DeadlineFilter.CLOSE_CONNECTION_ATTRIBUTE) != null && response.isCommitted()) {
				closeNow(response);
			}
		}
	}

	private static void closeNow(Response response) {
		// No flush first, unlike Tomcat's ErrorReportValve: the response is cut short anyway, and
		// a blocking write to a client that stopped reading (or a writer thread still at the
		// socket, for a streamed body) can hold this container thread for the whole write
		// timeout. What the application flushed has reached the client; what it left in the
		// buffer is dropped with the rest of the cut response.
		response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
	}

}
