package io.middlewaretrace.deadline.tomcat;

import java.lang.reflect.Field;

import org.apache.catalina.connector.Request;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.InputBuffer;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.net.SocketWrapperBase;

import io.middlewaretrace.deadline.ReadTimeout;

/**
 * Tomcat's read timeout of an HTTP/1.1 connection, for the next blocking read of a request body.
 * Tomcat offers no API for it below the socket: its HTTP/1.1 input buffer holds the socket in a
 * private field, read once at startup; where that field is not found (another Tomcat version),
 * or for HTTP/2, there is none, and a body read waits for Tomcat's own timeout as without the
 * starter. Tomcat sets the timeout afresh for every request, so a shortened one never reaches
 * the next request on the connection.
 */
final class TomcatReadTimeout implements ReadTimeout {

	private static final Log logger = LogFactory.getLog(TomcatReadTimeout.class);

	private static final Field SOCKET = socketField();

	private final SocketWrapperBase<?> socket;

	private TomcatReadTimeout(SocketWrapperBase<?> socket) {
		this.socket = socket;
	}

	/**
	 * Returns the read timeout of the request's connection, or {@code null} if it cannot be
	 * reached.
	 */
	static ReadTimeout of(Request request) {
		if (SOCKET == null) {
			return null;
		}
		InputBuffer input = request.getCoyoteRequest().getInputBuffer();
		if (!(input instanceof Http11InputBuffer)) {
			return null;
		}
		try {
			return (SOCKET.get(input) instanceof SocketWrapperBase<?> socket) ? new TomcatReadTimeout(socket) : null;
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

	@Override
	public void limitNextRead(long millis) {
		long current = this.socket.getReadTimeout();
		if (current <= 0 || current > millis) {
			this.socket.setReadTimeout(millis);
		}
	}

	private static Field socketField() {
		try {
			Field field = Http11InputBuffer.class.getDeclaredField("wrapper");
			if (!SocketWrapperBase.class.isAssignableFrom(field.getType())) {
				throw new NoSuchFieldException("wrapper is a " + field.getType());
			}
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			logger.info("Request body reads are not limited to the deadline: Tomcat's socket is out of reach ("
					+ ex.getMessage() + ")");
			return null;
		}
	}

}
