package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The called service: the JDK's HTTP server on a random loopback port. {@code GET /echo} waits
 * {@code delayMs} before its response headers, {@code GET /drip} sends its headers at once and
 * waits {@code delayMs} before its body; both answer, as JSON, the {@code X-Request-Timeout-Ms}
 * and {@code traceparent} they received, and close the connection when {@code close=true}.
 */
public final class SlowServer {

	private static final SlowServer INSTANCE = start();

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private SlowServer(HttpServer server) {
		this.server = server;
	}

	/**
	 * Returns the server shared by the tests of a JVM, started on first use.
	 */
	public static SlowServer get() {
		return INSTANCE;
	}

	private static SlowServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			ExecutorService executor = Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "slow-server");
				thread.setDaemon(true);
				return thread;
			});
			server.setExecutor(executor);
			SlowServer slow = new SlowServer(server);
			server.createContext("/echo", (exchange) -> slow.handle(exchange, false));
			server.createContext("/drip", (exchange) -> slow.handle(exchange, true));
			server.start();
			return slow;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Returns the number of requests that reached the server so far.
	 */
	public int requests() {
		return this.requests.get();
	}

	private void handle(HttpExchange exchange, boolean headersFirst) throws IOException {
		this.requests.incrementAndGet();
		String query = exchange.getRequestURI().getRawQuery();
		long delay = parameter(query, "delayMs");
		if (query != null && query.contains("close=true")) {
			exchange.getResponseHeaders().set("Connection", "close");
		}
		String body = "{\"timeoutMs\":" + quoted(exchange.getRequestHeaders().getFirst("X-Request-Timeout-Ms"))
				+ ",\"traceparent\":" + quoted(exchange.getRequestHeaders().getFirst("traceparent")) + "}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		try (exchange) {
			if (!headersFirst) {
				sleep(delay);
			}
			exchange.sendResponseHeaders(200, bytes.length);
			OutputStream out = exchange.getResponseBody();
			if (headersFirst) {
				out.write(bytes, 0, 1);
				out.flush();
				sleep(delay);
				out.write(bytes, 1, bytes.length - 1);
			}
			else {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// the caller gave up: expected when its deadline passed
		}
	}

	private static String quoted(String value) {
		return (value != null) ? "\"" + value + "\"" : "null";
	}

	private static long parameter(String query, String name) {
		if (query == null) {
			return 0;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				return Long.parseLong(pair.substring(name.length() + 1));
			}
		}
		return 0;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
