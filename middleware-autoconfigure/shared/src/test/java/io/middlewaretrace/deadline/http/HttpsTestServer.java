package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The called services of the TLS tests, on random loopback ports: the JDK's HTTPS server with
 * the {@link TlsTestCertificate} ({@code GET /hello} answers the {@code X-Request-Timeout-Ms} it
 * received, as JSON, and closes the connection, so that every call does a handshake), and a
 * server that accepts TCP connections and never says a word, so that a TLS handshake with it
 * never ends.
 */
final class HttpsTestServer {

	private static final HttpsTestServer INSTANCE = start();

	private final HttpsServer https;

	private final ServerSocket silent;

	private final AtomicInteger requests = new AtomicInteger();

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private HttpsTestServer(HttpsServer https, ServerSocket silent) {
		this.https = https;
		this.silent = silent;
	}

	static HttpsTestServer get() {
		return INSTANCE;
	}

	int httpsPort() {
		return this.https.getAddress().getPort();
	}

	int silentPort() {
		return this.silent.getLocalPort();
	}

	int requests() {
		return this.requests.get();
	}

	private static HttpsTestServer start() {
		try {
			HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			https.setHttpsConfigurator(new HttpsConfigurator(TlsTestCertificate.get().serverContext()));
			https.setExecutor(Executors.newCachedThreadPool(HttpsTestServer::daemon));
			ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			HttpsTestServer server = new HttpsTestServer(https, silent);
			https.createContext("/hello", (exchange) -> {
				server.requests.incrementAndGet();
				String timeout = exchange.getRequestHeaders().getFirst("X-Request-Timeout-Ms");
				byte[] body = ("{\"timeoutMs\":" + ((timeout != null) ? "\"" + timeout + "\"" : "null") + "}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.getResponseHeaders().set("Connection", "close");
				try (exchange) {
					exchange.sendResponseHeaders(200, body.length);
					OutputStream out = exchange.getResponseBody();
					out.write(body);
				}
			});
			https.start();
			Thread acceptor = daemon(server::acceptAndSayNothing);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void acceptAndSayNothing() {
		while (!this.silent.isClosed()) {
			try {
				// kept open, never read from or written to
				this.accepted.add(this.silent.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static Thread daemon(Runnable task) {
		Thread thread = new Thread(task, "https-test-server");
		thread.setDaemon(true);
		return thread;
	}

}
