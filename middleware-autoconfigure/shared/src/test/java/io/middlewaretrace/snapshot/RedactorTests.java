package io.middlewaretrace.snapshot;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.middlewaretrace.context.BodySnapshot;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.web.BodyCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

	private static final String SECRET = "hunter2-s3cr3t";

	private final Redactor redactor = redactor(List.of("X-Api-Key"), List.of("access_token", "password"),
			List.of("password", "token", "credentials"));

	/**
	 * The redactor under test, with the Jackson the class path has first (Jackson 2 here);
	 * {@link Jackson3RedactorTests} runs every test with Jackson 3's.
	 */
	Redactor redactor(List<String> headers, List<String> parameters, List<String> fields) {
		return new Redactor(headers, parameters, fields);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Authorization", "authorization", "PROXY-AUTHORIZATION", "Cookie", "set-cookie",
			"x-api-key", "X-API-KEY" })
	void masksEveryValueOfAlwaysRedactedAndConfiguredHeaders(String name) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Accept", List.of("application/json"));
		headers.put(name, List.of(SECRET, "Bearer " + SECRET));
		Map<String, List<String>> redacted = this.redactor.redactHeaders(headers);
		assertThat(redacted).containsEntry(name, List.of(Snapshot.MASK, Snapshot.MASK))
			.containsEntry("Accept", List.of("application/json"));
		assertThat(redacted.toString()).doesNotContain(SECRET);
	}

	@Test
	void alwaysRedactsTheAuthenticationHeadersEvenWithNothingConfigured() {
		Redactor bare = redactor(null, null, null);
		for (String name : Redactor.ALWAYS_REDACTED_HEADERS) {
			assertThat(bare.isSensitiveHeader(name)).as(name).isTrue();
			assertThat(bare.redactHeader(name.toUpperCase(), List.of(SECRET))).containsExactly(Snapshot.MASK);
		}
		assertThat(bare.isSensitiveHeader("X-Api-Key")).isFalse();
	}

	@Test
	void redactsSensitiveQueryParametersWhateverTheirCaseOrEncoding() {
		String query = "page=2&ACCESS_TOKEN=" + SECRET + "&access%5Ftoken=" + SECRET + "&Password=" + SECRET
				+ "&flag&password&q=a%26b";
		assertThat(this.redactor.redactQuery(query)).isEqualTo("page=2&ACCESS_TOKEN=******&access%5Ftoken=******"
				+ "&Password=******&flag&password&q=a%26b");
		assertThat(this.redactor.redactQuery(null)).isNull();
		assertThat(this.redactor.redactQuery("")).isEmpty();
	}

	@Test
	void redactsFormBodies() {
		BodySnapshot body = redact("user=bob&password=" + SECRET + "&remember=on",
				"application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(body.text()).isEqualTo("user=bob&password=******&remember=on");
		assertThat(body.summary()).isNull();
	}

	@Test
	void redactsATruncatedFormBodyWhoseSecretIsCutInHalf() {
		String form = "user=bob&password=" + SECRET;
		byte[] prefix = form.substring(0, form.length() - 5).getBytes(StandardCharsets.UTF_8);
		BodySnapshot body = this.redactor.redactBody(prefix, form.length(), true,
				"application/x-www-form-urlencoded", null);
		assertThat(body.text()).isEqualTo("user=bob&password=******\u2026[truncated]");
		assertThat(body.truncated()).isTrue();
		assertThat(body.bytesSeen()).isEqualTo(form.length());
	}

	@Test
	void redactsJsonFieldsAtAnyDepthInAnyCase() {
		String json = """
				{"user":"bob","Password":"%1$s","profile":{"PASSWORD":"%1$s","age":42,"ratio":1.50},
				"sessions":[{"token":"%1$s","id":1},{"TOKEN":["%1$s"],"id":2}],"empty":[],"none":null,"ok":true}"""
			.formatted(SECRET);
		BodySnapshot body = redact(json, "application/json");
		assertThat(body.text()).isEqualTo("{\"user\":\"bob\",\"Password\":\"******\",\"profile\":{\"PASSWORD\":\"******\","
				+ "\"age\":42,\"ratio\":1.50},\"sessions\":[{\"token\":\"******\",\"id\":1},{\"TOKEN\":\"******\",\"id\":2}],"
				+ "\"empty\":[],\"none\":null,\"ok\":true}");
		assertThat(body.truncated()).isFalse();
	}

	@Test
	void masksASensitiveFieldWhoseValueIsAnObject() {
		String json = "{\"credentials\":{\"user\":\"bob\",\"key\":\"" + SECRET + "\",\"nested\":[1,{\"a\":\"" + SECRET
				+ "\"}]},\"after\":\"visible\"}";
		BodySnapshot body = redact(json, "application/vnd.api+json");
		assertThat(body.text()).isEqualTo("{\"credentials\":\"******\",\"after\":\"visible\"}");
	}

	@Test
	void redactsEveryDocumentOfNdjson() {
		BodySnapshot body = redact("{\"token\":\"" + SECRET + "\"}\n{\"token\":\"" + SECRET + "\"}\n",
				"application/x-ndjson");
		assertThat(body.text()).isEqualTo("{\"token\":\"******\"} {\"token\":\"******\"}");
	}

	@Test
	void neverShowsASecretCutInHalfAtTheEndOfATruncatedJsonPrefix() {
		String json = "{\"user\":\"bob\",\"password\":\"" + SECRET + "\",\"more\":\"x\"}";
		String secretStart = SECRET.substring(0, 5);
		for (int cut = 1; cut < json.length(); cut++) {
			byte[] prefix = json.substring(0, cut).getBytes(StandardCharsets.UTF_8);
			BodySnapshot body = this.redactor.redactBody(prefix, json.length(), true, "application/json", null);
			assertThat(body.text()).as("cut at %d", cut).doesNotContain(secretStart).endsWith("\u2026[truncated]");
		}
		byte[] halfSecret = json.substring(0, json.indexOf(SECRET) + 7).getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(halfSecret, true, "application/json", null).text())
			.isEqualTo("{\"user\":\"bob\",\"password\":\"******\"\u2026[truncated]");
	}

	@Test
	void neverShowsANonSensitiveStringOrNumberCutInHalf() {
		byte[] cutString = "{\"note\":\"half a sent".getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(cutString, true, "application/json", null).text())
			.isEqualTo("{\"note\"\u2026[truncated]");
		byte[] cutNumber = "{\"id\":12".getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(cutNumber, true, "application/json", null).text())
			.isEqualTo("{\"id\"\u2026[truncated]");
		byte[] numberThenComma = "{\"id\":12,".getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(numberThenComma, true, "application/json", null).text())
			.isEqualTo("{\"id\":12\u2026[truncated]");
		byte[] completeNumber = "{\"id\":12}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(completeNumber, false, "application/json", null).text())
			.isEqualTo("{\"id\":12}");
	}

	@Test
	void stopsAtInvalidJsonWithoutShowingWhatFollows() {
		BodySnapshot body = redact("{\"user\":\"bob\", oops \"password\":\"" + SECRET + "\"}", "application/json");
		assertThat(body.text()).isEqualTo("{\"user\":\"bob\"\u2026[unparsable]");
		BodySnapshot notJson = redact("password=" + SECRET, "application/json");
		assertThat(notJson.text()).isEqualTo("\u2026[unparsable]");
	}

	@Test
	void readsJsonInUtf16AndInADeclaredNonUnicodeCharset() {
		String json = "{\"name\":\"Zoë\",\"password\":\"" + SECRET + "\"}";
		BodySnapshot utf16 = this.redactor.redactBody(json.getBytes(StandardCharsets.UTF_16), false,
				"application/json;charset=UTF-16", null);
		assertThat(utf16.text()).isEqualTo("{\"name\":\"Zoë\",\"password\":\"******\"}");
		BodySnapshot latin1 = this.redactor.redactBody(json.getBytes(StandardCharsets.ISO_8859_1), false,
				"application/json; charset=\"ISO-8859-1\"", null);
		assertThat(latin1.text()).isEqualTo("{\"name\":\"Zoë\",\"password\":\"******\"}");
	}

	@Test
	void masksXmlElementsAndAttributesNamedLikeSensitiveFields() {
		String xml = """
				<?xml version="1.0"?><login><user id="7" token='%1$s'>bob</user><!-- <password> -->\
				<ns:Password><![CDATA[x</ns:Password>%1$s]]></ns:Password>\
				<credentials><credentials>%1$s</credentials>%1$s</credentials><password/></login>"""
			.formatted(SECRET);
		BodySnapshot body = redact(xml, "application/xml");
		assertThat(body.text()).isEqualTo("<?xml version=\"1.0\"?><login><user id=\"7\" token='******'>bob</user>"
				+ "<!-- <password> --><ns:Password>******</ns:Password><credentials>******</credentials>"
				+ "<password/></login>");
	}

	@Test
	void stopsATruncatedXmlPrefixInsideASensitiveElementOrATag() {
		String xml = "<login><user>bob</user><password>" + SECRET + "</password></login>";
		for (int cut = 1; cut < xml.length(); cut++) {
			byte[] prefix = xml.substring(0, cut).getBytes(StandardCharsets.UTF_8);
			BodySnapshot body = this.redactor.redactBody(prefix, xml.length(), true, "text/xml", null);
			assertThat(body.text()).as("cut at %d", cut).doesNotContain(SECRET.substring(0, 3));
		}
		byte[] inTag = "<user token=\"hunt".getBytes(StandardCharsets.UTF_8);
		assertThat(this.redactor.redactBody(inTag, true, "application/soap+xml", null).text())
			.isEqualTo("<user\u2026[truncated]");
	}

	@Test
	void showsOtherTextAsItIsWithATruncationMarker() {
		byte[] prefix = "line one\nline tw".getBytes(StandardCharsets.UTF_8);
		BodySnapshot body = this.redactor.redactBody(prefix, 100, true, "text/plain", null);
		assertThat(body.text()).isEqualTo("line one\nline tw\u2026[truncated]");
		assertThat(body.bytesSeen()).isEqualTo(100);
		assertThat(body.contentType()).isEqualTo("text/plain");
	}

	@Test
	void dropsACharacterCutInHalfAtTheEndOfATruncatedPrefix() {
		byte[] utf8 = "naïve €".getBytes(StandardCharsets.UTF_8);
		byte[] prefix = Arrays.copyOf(utf8, utf8.length - 1);
		assertThat(this.redactor.redactBody(prefix, true, "text/plain;charset=utf-8", null).text())
			.isEqualTo("naïve \u2026[truncated]");
	}

	@Test
	void summarisesUndecodableText() {
		byte[] latin1 = "café crème".getBytes(StandardCharsets.ISO_8859_1);
		BodySnapshot body = this.redactor.redactBody(latin1, false, "text/plain;charset=UTF-8", null);
		assertThat(body.text()).isNull();
		assertThat(body.summary()).isEqualTo("undecodable text/plain, 10 bytes");
		BodySnapshot withCharset = this.redactor.redactBody(latin1, false, "text/plain",
				Charset.forName("ISO-8859-1"));
		assertThat(withCharset.text()).isEqualTo("café crème");
	}

	@Test
	void summarisesBinaryBodiesWithoutTheirContent() {
		byte[] prefix = ("%PDF " + SECRET).getBytes(StandardCharsets.US_ASCII);
		BodySnapshot octets = this.redactor.redactBody(prefix, 1_048_576, true, "application/octet-stream", null);
		assertThat(octets.text()).isNull();
		assertThat(octets.summary()).isEqualTo("binary, 1048576 bytes");
		assertThat(this.redactor.redactBody(prefix, false, "image/png", null).summary())
			.isEqualTo("binary, 19 bytes");
		assertThat(this.redactor.redactBody(prefix, true, null, null).summary())
			.isEqualTo("binary, more than 19 bytes");
		assertThat(this.redactor.redactBody(prefix, false, "application/yaml", null).text()).isNull();
	}

	@Test
	void summarisesMultipartBodiesByTheirParts() {
		String multipart = """
				--XyZ\r
				Content-Disposition: form-data; name="password"\r
				\r
				%1$s\r
				--XyZ\r
				Content-Disposition: form-data; name="file"; filename="a.txt"\r
				\r
				%1$s\r
				--XyZ\r
				Content-Disposition: form-data; name="c"\r
				\r
				3\r
				--XyZ--\r
				""".formatted(SECRET);
		byte[] bytes = multipart.getBytes(StandardCharsets.US_ASCII);
		BodySnapshot body = this.redactor.redactBody(bytes, false, "multipart/form-data; boundary=XyZ", null);
		assertThat(body.text()).isNull();
		assertThat(body.summary()).isEqualTo("multipart/form-data, 3 parts");
		byte[] prefix = Arrays.copyOf(bytes, multipart.indexOf("filename"));
		assertThat(this.redactor.redactBody(prefix, 5000, true, "multipart/form-data; boundary=\"XyZ\"", null)
			.summary()).isEqualTo("multipart/form-data, at least 2 parts");
		assertThat(this.redactor.redactBody(bytes, false, "multipart/mixed", null).summary())
			.isEqualTo("multipart/mixed, " + bytes.length + " bytes");
	}

	@Test
	void describesABodyThatWasCountedButNotCaptured() {
		BodySnapshot body = this.redactor.redactBody(new byte[0], 123, true, "application/json", null);
		assertThat(body.text()).isNull();
		assertThat(body.summary()).isEqualTo("application/json, 123 bytes, not captured");
	}

	@Test
	void redactsWhatABodyCaptureHolds() {
		BodyCapture capture = new BodyCapture(22);
		byte[] json = ("{\"a\":1,\"password\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8);
		capture.append(json, 0, json.length);
		BodySnapshot body = this.redactor.redactBody(capture, "application/json", null);
		assertThat(body.bytesSeen()).isEqualTo(json.length);
		assertThat(body.truncated()).isTrue();
		assertThat(body.text()).isEqualTo("{\"a\":1,\"password\":\"******\"\u2026[truncated]");
	}

	private BodySnapshot redact(String body, String contentType) {
		return this.redactor.redactBody(body.getBytes(StandardCharsets.UTF_8), false, contentType, null);
	}

}
