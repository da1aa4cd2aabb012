package io.middlewaretrace.web.errorpages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same application twice on real embedded Tomcats: once with the starter switched off
 * ({@code middleware.enabled=false}), as its authors know it, and once with the starter. The
 * same request to both must get the same answer: status, headers and body, byte for byte, except
 * for what the starter documents that it adds (the trace id headers, and the trace id in error
 * bodies) and the error's timestamp.
 */
final class StarterTwins implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/**
	 * Headers that differ between any two responses, or that the starter adds by design.
	 */
	private static final List<String> UNCOMPARED_HEADERS = List.of("date", "content-length", "x-trace-id",
			"traceresponse", "keep-alive", "connection");

	private final ConfigurableApplicationContext without;

	private final ConfigurableApplicationContext with;

	private StarterTwins(ConfigurableApplicationContext without, ConfigurableApplicationContext with) {
		this.without = without;
		this.with = with;
	}

	/**
	 * Starts the application from the given sources twice, with the given properties.
	 */
	static StarterTwins start(Class<?>[] sources, String... properties) {
		ConfigurableApplicationContext without = run(sources, properties, "middleware.enabled=false");
		try {
			return new StarterTwins(without, run(sources, properties, "middleware.enabled=true"));
		}
		catch (RuntimeException ex) {
			without.close();
			throw ex;
		}
	}

	private static ConfigurableApplicationContext run(Class<?>[] sources, String[] properties, String starter) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add(starter);
		all.add("server.port=0");
		all.add("management.tracing.sampling.probability=1.0");
		all.add("spring.main.banner-mode=off");
		return new SpringApplicationBuilder(sources).properties(all.toArray(String[]::new)).run();
	}

	/**
	 * Sends the same GET, with the given header names and values in pairs, to both and asserts
	 * that they answer the same.
	 * @return the answer of the application with the starter
	 */
	Answer assertSameAnswer(String path, String... headers) throws Exception {
		return assertSame(path, get(port(this.without), path, headers), get(port(this.with), path, headers));
	}

	/**
	 * Sends the same raw HTTP/1.1 request, which a client library would not send (a malformed
	 * body, for one), to both and asserts that they answer the same.
	 * @param request the request, from the request line to the last byte of the body; its
	 * connection is closed after it
	 * @return the answer of the application with the starter
	 */
	Answer assertSameRawAnswer(String path, String request) throws Exception {
		return assertSame(path, raw(port(this.without), request), raw(port(this.with), request));
	}

	/**
	 * The application with the starter.
	 */
	ConfigurableApplicationContext withStarter() {
		return this.with;
	}

	private static Answer assertSame(String path, Answer without, Answer with) {
		assertThat(without.traceId()).as("the application without the starter sends no trace id").isNull();
		assertThat(with.traceId()).as("the starter's X-Trace-Id on " + path).matches("[0-9a-f]{32}");
		assertThat(with.status()).as("status of " + path).isEqualTo(without.status());
		assertThat(with.comparedHeaders()).as("headers of " + path).isEqualTo(without.comparedHeaders());
		assertThat(with.normalizedBody()).as("body of " + path).isEqualTo(without.normalizedBody());
		return with;
	}

	private static int port(ConfigurableApplicationContext context) {
		// what Spring Boot publishes once the web server listens, the same on each line
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static Answer get(int port, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		Map<String, String> compared = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!UNCOMPARED_HEADERS.contains(name.toLowerCase())) {
				compared.put(name.toLowerCase(), String.join(", ", values));
			}
		});
		return new Answer(response.statusCode(), compared, response.body(),
				response.headers().firstValue("X-Trace-Id").orElse(null));
	}

	private static Answer raw(int port, String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			String text = bytes.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String[] head = text.substring(0, end).split("\r\n");
			Map<String, String> compared = new TreeMap<>();
			String traceId = null;
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				String name = head[i].substring(0, colon).toLowerCase();
				String value = head[i].substring(colon + 1).strip();
				if (name.equals("x-trace-id")) {
					traceId = value;
				}
				if (!UNCOMPARED_HEADERS.contains(name)) {
					compared.put(name, value);
				}
			}
			String body = text.substring(end + 4);
			if ("chunked".equals(compared.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Answer(Integer.parseInt(head[0].split(" ")[1]), compared, body, traceId);
		}
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			if (lineEnd < 0) {
				// the server closed the connection before the last chunk
				return body.toString();
			}
			int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
			at = lineEnd + 2 + size + 2;
			if (at >= chunked.length()) {
				return body.toString();
			}
		}
	}

	@Override
	public void close() {
		try {
			this.with.close();
		}
		finally {
			this.without.close();
		}
	}

	/**
	 * An answer as the client got it.
	 * @param status the status code
	 * @param comparedHeaders the headers both answers must share, by lower-case name
	 * @param body the body
	 * @param traceId the {@code X-Trace-Id} header, {@code null} without it
	 */
	record Answer(int status, Map<String, String> comparedHeaders, String body, String traceId) {

		String contentType() {
			return this.comparedHeaders.get("content-type");
		}

		/**
		 * The body without what differs from one request to the next (the error's timestamp)
		 * and without the trace id the starter adds: a JSON member, or text on a page.
		 */
		String normalizedBody() {
			String body = this.body.replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"\"")
				.replaceAll("<div id='created'>[^<]*</div>", "<div id='created'></div>");
			if (this.traceId != null) {
				body = body.replace(",\"traceId\":\"" + this.traceId + "\"", "").replace(this.traceId, "");
			}
			return body;
		}

	}

}
