package io.middlewaretrace.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.web.BodyCapture;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotFactoryTests {

	private static final String SECRET = "hunter2-s3cr3t";

	private final SnapshotFactory factory = new SnapshotFactory(new Redactor(List.of("X-Api-Key", "X-Auth-Token"),
			List.of("password", "access_token"), List.of("password", "token")));

	@Test
	void buildsASnapshotWithEverySecretRedacted() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/login");
		request.setQueryString("user=bob&access_token=" + SECRET);
		request.addHeader("Authorization", "Bearer " + SECRET);
		request.addHeader("Cookie", "SESSION=" + SECRET);
		request.addHeader("Proxy-Authorization", "Basic " + SECRET);
		request.addHeader("x-api-key", SECRET);
		request.addHeader("Accept", "application/json");
		request.addHeader("Accept", "text/plain");
		request.setContentType("application/json");
		BodyCapture requestBody = capture("{\"user\":\"bob\",\"password\":\"" + SECRET + "\"}", 4096);

		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(201);
		response.addHeader("Set-Cookie", "SESSION=" + SECRET + "; HttpOnly");
		response.addHeader("X-Auth-Token", SECRET);
		response.setContentType("application/json");
		BodyCapture responseBody = capture("{\"token\":\"" + SECRET + "\",\"expires\":3600}", 4096);

		Snapshot snapshot = this.factory.create(request, response, requestBody, responseBody);

		assertThat(snapshot.method()).isEqualTo("POST");
		assertThat(snapshot.uri()).isEqualTo("/api/login?user=bob&access_token=******");
		assertThat(snapshot.requestHeaders()).containsEntry("Authorization", List.of(Snapshot.MASK))
			.containsEntry("Cookie", List.of(Snapshot.MASK))
			.containsEntry("Proxy-Authorization", List.of(Snapshot.MASK))
			.containsEntry("x-api-key", List.of(Snapshot.MASK))
			.containsEntry("Accept", List.of("application/json", "text/plain"));
		assertThat(snapshot.requestBody().text()).isEqualTo("{\"user\":\"bob\",\"password\":\"******\"}");
		assertThat(snapshot.requestBody().contentType()).isEqualTo("application/json");
		assertThat(snapshot.status()).isEqualTo(201);
		assertThat(snapshot.responseHeaders()).containsEntry("Set-Cookie", List.of(Snapshot.MASK))
			.containsEntry("X-Auth-Token", List.of(Snapshot.MASK))
			.containsKey("Content-Type");
		assertThat(snapshot.responseBody().text()).isEqualTo("{\"token\":\"******\",\"expires\":3600}");
		assertThat(snapshot.requestTrailers()).isEmpty();
		assertThat(snapshot.toString()).doesNotContain(SECRET);
	}

	@Test
	void namesWhatTheClientSentWhenTakenDuringAnErrorDispatch() {
		// as Tomcat 11 (Servlet 6.1) dispatches to the error page; Tomcat 10.1 keeps the method
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setDispatcherType(DispatcherType.ERROR);
		request.setQueryString("access_token=" + SECRET + "&page=2");
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/orders");
		request.setAttribute("jakarta.servlet.error.method", "POST");
		request.setAttribute("jakarta.servlet.error.query_string", "access_token=" + SECRET + "&page=3");
		Snapshot snapshot = this.factory.create(request, new MockHttpServletResponse(), null, null);
		assertThat(snapshot.method()).isEqualTo("POST");
		assertThat(snapshot.uri()).isEqualTo("/api/orders?access_token=******&page=3");
	}

	@Test
	void keepsTheRequestsOwnMethodAndUriOutsideAnErrorDispatch() {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/orders/7");
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/left/over");
		request.setAttribute("jakarta.servlet.error.method", "DELETE");
		Snapshot snapshot = this.factory.create(request, new MockHttpServletResponse(), null, null);
		assertThat(snapshot.method()).isEqualTo("PUT");
		assertThat(snapshot.uri()).isEqualTo("/api/orders/7");
	}

	@Test
	void redactsTrailerFields() {
		MockHttpServletRequest mock = new MockHttpServletRequest("POST", "/upload");
		HttpServletRequest request = new HttpServletRequestWrapper(mock) {
			@Override
			public boolean isTrailerFieldsReady() {
				return true;
			}

			@Override
			public Map<String, String> getTrailerFields() {
				return Map.of("authorization", SECRET);
			}
		};
		Snapshot snapshot = this.factory.create(request, new MockHttpServletResponse(), null, null);
		assertThat(snapshot.requestTrailers()).containsExactly(Map.entry("authorization", List.of(Snapshot.MASK)));
	}

	@Test
	void leavesOutWhatTheContainerRefusesToGiveAndNeverThrows() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/api/things");
		mock.setQueryString("a=1");
		HttpServletRequest request = new HttpServletRequestWrapper(mock) {
			@Override
			public boolean isTrailerFieldsReady() {
				throw new IllegalStateException("recycled");
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				throw new UnsupportedOperationException("no headers");
			}
		};
		MockHttpServletResponse mockResponse = new MockHttpServletResponse();
		mockResponse.setStatus(503);
		HttpServletResponseWrapper response = new HttpServletResponseWrapper(mockResponse) {
			@Override
			public Collection<String> getHeaderNames() {
				throw new IllegalStateException("response recycled");
			}
		};
		Snapshot snapshot = this.factory.create(request, response, capture("x", 10), null);
		assertThat(snapshot.method()).isEqualTo("GET");
		assertThat(snapshot.uri()).isEqualTo("/api/things?a=1");
		assertThat(snapshot.requestHeaders()).isEmpty();
		assertThat(snapshot.requestTrailers()).isEmpty();
		assertThat(snapshot.status()).isEqualTo(503);
		assertThat(snapshot.responseHeaders()).isEmpty();
		assertThat(snapshot.requestBody().summary()).isEqualTo("binary, 1 bytes");

		Snapshot nothing = this.factory.create(null, null, null, null);
		assertThat(nothing.method()).isNull();
		assertThat(nothing.requestHeaders()).isEmpty();
		assertThat(nothing.status()).isZero();
	}

	@Test
	void showsNoBodyWhenNoneWasReadOrWritten() {
		Snapshot snapshot = this.factory.create(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(),
				new BodyCapture(4096), null);
		assertThat(snapshot.requestBody()).isNull();
		assertThat(snapshot.responseBody()).isNull();
	}

	@Test
	void summarisesContentEncodedBodies() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setContentType("application/json");
		response.setHeader("Content-Encoding", "gzip");
		BodyCapture body = new BodyCapture(4);
		body.append(new byte[] { 0x1f, (byte) 0x8b, 8, 0, 0, 0 }, 0, 6);
		Snapshot snapshot = this.factory.create(new MockHttpServletRequest("GET", "/"), response, null, body);
		assertThat(snapshot.responseBody().text()).isNull();
		assertThat(snapshot.responseBody().summary()).isEqualTo("gzip-encoded, 6 bytes");
		assertThat(snapshot.responseBody().truncated()).isTrue();
	}

	@Test
	void withoutValuesKeepsTheShapeButNoValue() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setQueryString("id=42&q=visible");
		request.addHeader("Accept", "application/json");
		request.setContentType("text/plain");
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setContentType("text/plain");
		Snapshot snapshot = this.factory.create(request, response, capture("request text", 100),
				capture("response text", 100));
		Snapshot masked = snapshot.withoutValues();
		assertThat(masked.uri()).isEqualTo("/api/things?id=******&q=******");
		assertThat(masked.requestHeaders()).containsEntry("Accept", List.of(Snapshot.MASK));
		assertThat(masked.responseHeaders()).containsEntry("Content-Type", List.of(Snapshot.MASK));
		assertThat(masked.requestBody().text()).isNull();
		assertThat(masked.requestBody().bytesSeen()).isEqualTo(12);
		assertThat(masked.responseBody().summary()).isEqualTo("not shown");
		assertThat(masked.toString()).doesNotContain("visible", "42", "request text", "response text",
				"application/json");
	}

	private static BodyCapture capture(String body, int limit) {
		BodyCapture capture = new BodyCapture(limit);
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		capture.append(bytes, 0, bytes.length);
		return capture;
	}

}
