package io.middlewaretrace.snapshot;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.testapp.BootLineSupport;
import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.web.BodyCapture;
import io.middlewaretrace.web.CapturingRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CapturingRequest} and {@link SnapshotFactory} on a real embedded Tomcat: a filter wraps
 * every request, another one may consume the body first, and the last one starts the handler
 * phase, as the starter's filter will.
 */
@SpringBootTest(classes = SnapshotServerTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		// no access-log appender: it would stay on the shared logger context while this context is cached
		properties = { BootLineSupport.SERVLET_ENCODING + ".force-request=false", "middleware.access-log.enabled=false" })
class SnapshotServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int REPLAY_LIMIT = 1024;

	private static final String SECRET = "hunter2-s3cr3t";

	private static final Queue<Long> readTwice = new ConcurrentLinkedQueue<>();

	@LocalServerPort
	private int port;

	private LocalServer server;

	@BeforeEach
	void setUp() {
		this.server = new LocalServer(this.port);
		readTwice.clear();
	}

	@Test
	void replaysToTheHandlerTheBodyAFilterConsumed() throws Exception {
		String body = "{\"name\":\"Zoë\",\"city\":\"Zürich\"}";
		JsonNode echo = post("/echo", body.getBytes(StandardCharsets.UTF_8), "application/json", "stream");
		assertThat(echo.get("body").asText()).isEqualTo(body);
		assertThat(echo.get("replayed").asBoolean()).isTrue();
		assertThat(echo.get("bytesSeen").asLong()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
		assertThat(echo.get("captured").asText()).isEqualTo(body);
		assertThat(readTwice).isEmpty();
	}

	@Test
	void replaysToTheHandlerTheBodyAFilterReadAsCharacters() throws Exception {
		String body = "{\"name\":\"Zoë\"}";
		JsonNode echo = post("/echo", body.getBytes(StandardCharsets.UTF_8), "application/json;charset=UTF-8",
				"reader");
		assertThat(echo.get("body").asText()).isEqualTo(body);
		assertThat(echo.get("replayed").asBoolean()).isTrue();
	}

	@Test
	void reportsOnceAHandlerMeetingABodyTooLongToReplay() throws Exception {
		byte[] body = new byte[REPLAY_LIMIT + 500];
		Arrays.fill(body, (byte) 'x');
		JsonNode echo = post("/echo", body, "text/plain", "stream");
		assertThat(echo.get("body").asText()).isEmpty();
		assertThat(echo.get("replayed").asBoolean()).isFalse();
		assertThat(readTwice).containsExactly((long) body.length);
	}

	@Test
	void reportsNothingWhenOnlyTheHandlerReadsTheBody() throws Exception {
		JsonNode echo = post("/echo", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", null);
		assertThat(echo.get("body").asText()).isEqualTo("{\"a\":1}");
		assertThat(echo.get("replayed").asBoolean()).isFalse();
		assertThat(echo.get("captured").asText()).isEqualTo("{\"a\":1}");
		assertThat(readTwice).isEmpty();
	}

	@Test
	void capturesWhatTheHandlerReadsThroughTheReaderInTheDeclaredCharset() throws Exception {
		String text = "Grüße, café crème";
		byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
		JsonNode echo = post("/reader", latin1, "text/plain;charset=ISO-8859-1", null);
		assertThat(echo.get("body").asText()).isEqualTo(text);
		assertThat(echo.get("capturedHex").asText()).isEqualTo(HexFormat.of().formatHex(latin1));
	}

	@Test
	void leavesFormParameterParsingToTheContainer() throws Exception {
		JsonNode echo = post("/form", "name=Zo%C3%AB&password=hunter2".getBytes(StandardCharsets.US_ASCII),
				"application/x-www-form-urlencoded;charset=UTF-8", null);
		assertThat(echo.get("name").asText()).isEqualTo("Zoë");
		// the container read the body itself, bypassing every wrapper: nothing to capture
		assertThat(echo.get("bytesSeen").asLong()).isZero();
	}

	@Test
	void passesNonBlockingReadsThroughToTheContainer() throws Exception {
		byte[] body = new byte[300_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ('a' + (i % 26));
		}
		HttpResponse<String> response = this.server.send(HttpRequest.newBuilder(this.server.uri("/nonblocking"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", "application/octet-stream")
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("read=300000 seen=300000 captured=4096");
	}

	@Test
	void snapshotsAChunkedRequestWithItsTrailersAndEverySecretRedacted() throws Exception {
		String body = "{\"user\":\"bob\",\"password\":\"" + SECRET + "\"}";
		JsonNode snapshot = JSON.readTree(sendChunked(body, true));
		assertThat(snapshot.get("method").asText()).isEqualTo("POST");
		assertThat(snapshot.get("uri").asText()).isEqualTo("/snapshot?password=******&page=2");
		// Tomcat 10.1 lower-cases request header names, Tomcat 11 keeps them as sent
		assertThat(header(snapshot.get("requestHeaders"), "Authorization").get(0).asText()).isEqualTo(Snapshot.MASK);
		assertThat(snapshot.at("/requestBody/text").asText()).isEqualTo("{\"user\":\"bob\",\"password\":\"******\"}");
		assertThat(snapshot.at("/requestTrailers/X-Checksum").toString()).isEqualTo("[\"abc\"]");
		assertThat(snapshot.at("/requestTrailers/Authorization").toString()).isEqualTo("[\"******\"]");
		assertThat(snapshot.get("status").asInt()).isEqualTo(202);
		assertThat(snapshot.at("/responseHeaders/X-Auth-Token/0").asText()).isEqualTo(Snapshot.MASK);
		assertThat(snapshot.toString()).doesNotContain(SECRET);
	}

	@Test
	void snapshotsARequestWhoseBodyWasNotReadWithoutTouchingItsTrailers() throws Exception {
		JsonNode snapshot = JSON.readTree(sendChunked("{\"a\":1}", false));
		assertThat(snapshot.get("requestTrailers").isEmpty()).isTrue();
		assertThat(snapshot.get("requestBody").isNull()).isTrue();
		assertThat(snapshot.get("status").asInt()).isEqualTo(202);
		assertThat(snapshot.toString()).doesNotContain(SECRET);
	}

	private static JsonNode header(JsonNode headers, String name) {
		for (Map.Entry<String, JsonNode> header : headers.properties()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		throw new AssertionError("no " + name + " in " + headers);
	}

	/**
	 * Sends a chunked request with trailers, which no JDK client can, and returns the body of
	 * the response.
	 */
	private String sendChunked(String body, boolean handlerReadsBody) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			String head = "POST /snapshot?password=" + SECRET + "&page=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
					+ "Authorization: Bearer " + SECRET + "\r\n" + (handlerReadsBody ? "X-Read: yes\r\n" : "")
					+ "Connection: close\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n";
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(bytes);
			out.write(("\r\n0\r\nX-Checksum: abc\r\nAuthorization: Bearer " + SECRET + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			in.transferTo(response);
			String text = response.toString(StandardCharsets.UTF_8);
			assertThat(text).startsWith("HTTP/1.1 202");
			return text.substring(text.indexOf("\r\n\r\n") + 4);
		}
	}

	private JsonNode post(String path, byte[] body, String contentType, String consume)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.server.uri(path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", contentType);
		if (consume != null) {
			request.header("X-Consume", consume);
		}
		HttpResponse<String> response = this.server.send(request.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static CapturingRequest capturing(HttpServletRequest request) {
		return WebUtils.getNativeRequest(request, CapturingRequest.class);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(EchoController.class)
	static class App {

		@Bean
		FilterRegistrationBean<Filter> capturingFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
					(request, response, chain) -> chain.doFilter(new CapturingRequest((HttpServletRequest) request,
							new BodyCapture(4096), REPLAY_LIMIT, readTwice::add), response));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
			return registration;
		}

		@Bean
		FilterRegistrationBean<Filter> consumingFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				String consume = ((HttpServletRequest) request).getHeader("X-Consume");
				if ("stream".equals(consume)) {
					StreamUtils.copyToByteArray(request.getInputStream());
				}
				else if ("reader".equals(consume)) {
					BufferedReader reader = request.getReader();
					while (reader.read() >= 0) {
						// a filter reading the body as characters
					}
				}
				chain.doFilter(request, response);
			});
			registration.setOrder(0);
			return registration;
		}

		@Bean
		FilterRegistrationBean<Filter> handlerPhaseFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				capturing((HttpServletRequest) request).prepareForHandler();
				chain.doFilter(request, response);
			});
			registration.setOrder(Ordered.LOWEST_PRECEDENCE);
			return registration;
		}

		@Bean
		ServletRegistrationBean<HttpServlet> nonBlockingServlet() {
			ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(new NonBlockingServlet(),
					"/nonblocking");
			registration.setAsyncSupported(true);
			return registration;
		}

		@Bean
		WebServerFactoryCustomizer<?> allowTrailers() {
			return BootLineSupport.tomcatConnectors((connector) -> ((AbstractHttp11Protocol<?>) connector
				.getProtocolHandler()).setAllowedTrailerHeaders("x-checksum,authorization"));
		}

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@RestController
	static class EchoController {

		@PostMapping("/echo")
		Map<String, Object> echo(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
			CapturingRequest capturing = capturing(request);
			Map<String, Object> echo = new LinkedHashMap<>();
			echo.put("body", (body != null) ? new String(body, StandardCharsets.UTF_8) : "");
			echo.put("replayed", capturing.isReplayed());
			echo.put("bytesSeen", capturing.bodyCapture().bytesSeen());
			echo.put("captured", new String(capturing.bodyCapture().captured(), StandardCharsets.UTF_8));
			return echo;
		}

		@PostMapping("/reader")
		Map<String, Object> reader(HttpServletRequest request) throws IOException {
			StringBuilder text = new StringBuilder();
			char[] chars = new char[3];
			for (int n = request.getReader().read(chars); n >= 0; n = request.getReader().read(chars)) {
				text.append(chars, 0, n);
			}
			return Map.of("body", text.toString(), "capturedHex",
					HexFormat.of().formatHex(capturing(request).bodyCapture().captured()));
		}

		@PostMapping("/snapshot")
		void snapshot(HttpServletRequest request, HttpServletResponse response) throws IOException {
			if (request.getHeader("X-Read") != null) {
				StreamUtils.copyToByteArray(request.getInputStream());
			}
			response.setStatus(202);
			response.setHeader("X-Auth-Token", SECRET);
			Redactor redactor = new Redactor(List.of("X-Auth-Token"), List.of("password"), List.of("password"));
			Snapshot snapshot = new SnapshotFactory(redactor).create(request, response,
					capturing(request).bodyCapture(), null);
			byte[] json = JSON.writeValueAsBytes(snapshot);
			response.setContentType("application/json");
			response.setContentLength(json.length);
			response.getOutputStream().write(json);
		}

		@PostMapping("/form")
		Map<String, Object> form(HttpServletRequest request) {
			return Map.of("name", request.getParameter("name"), "bytesSeen",
					capturing(request).bodyCapture().bytesSeen());
		}

	}

	/**
	 * Reads the body with a {@link ReadListener}, as a non-blocking servlet does.
	 */
	static class NonBlockingServlet extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync();
			ServletInputStream in = request.getInputStream();
			CapturingRequest capturing = capturing(request);
			in.setReadListener(new ReadListener() {

				private final byte[] buffer = new byte[8192];

				private long read;

				@Override
				public void onDataAvailable() throws IOException {
					while (in.isReady() && !in.isFinished()) {
						int n = in.read(this.buffer);
						if (n > 0) {
							this.read += n;
						}
					}
				}

				@Override
				public void onAllDataRead() throws IOException {
					BodyCapture capture = capturing.bodyCapture();
					response.setContentType("text/plain");
					response.getWriter().write("read=" + this.read + " seen=" + capture.bytesSeen() + " captured="
							+ capture.capturedLength());
					async.complete();
				}

				@Override
				public void onError(Throwable ex) {
					response.setStatus(500);
					async.complete();
				}

			});
		}

	}

}
