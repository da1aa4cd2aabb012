package io.middlewaretrace.snapshot;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.web.BodyCapture;
import io.middlewaretrace.web.CapturingRequest;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.StreamUtils;
import org.springframework.web.util.ContentCachingRequestWrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CapturingRequestTests {

	private static final byte[] JSON = "{\"name\":\"Zoë\",\"password\":\"hunter2\",\"items\":[1,2,3]}"
		.getBytes(StandardCharsets.UTF_8);

	private final List<Long> readTwice = new ArrayList<>();

	@Test
	void capturesTheBodyPrefixReadThroughTheInputStream() throws IOException {
		BodyCapture capture = new BodyCapture(10);
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), capture, 0, null);
		assertThat(StreamUtils.copyToByteArray(request.getInputStream())).isEqualTo(JSON);
		assertThat(capture.captured()).isEqualTo(Arrays.copyOf(JSON, 10));
		assertThat(capture.bytesSeen()).isEqualTo(JSON.length);
		assertThat(capture.isTruncated()).isTrue();
		assertThat(request.bytesRead()).isEqualTo(JSON.length);
		assertThat(request.bodyCapture()).isSameAs(capture);
	}

	@Test
	void capturesTheExactBytesReadThroughTheReaderInTheRequestCharset() throws IOException {
		String text = "Grüße aus Zürich, 10 €";
		byte[] windows1252 = text.getBytes("windows-1252");
		BodyCapture capture = new BodyCapture(4096);
		CapturingRequest request = new CapturingRequest(post(windows1252, "text/plain;charset=windows-1252"), capture,
				0, null);
		assertThat(StreamUtils.copyToString(new ReaderStream(request.getReader()), StandardCharsets.UTF_8))
			.isEqualTo(text);
		assertThat(capture.captured()).isEqualTo(windows1252);

		byte[] utf16 = text.getBytes(StandardCharsets.UTF_16);
		BodyCapture utf16Capture = new BodyCapture(4096);
		MockHttpServletRequest utf16Request = post(utf16, "text/plain");
		utf16Request.setCharacterEncoding("UTF-16");
		assertThat(readAll(new CapturingRequest(utf16Request, utf16Capture, 0, null).getReader())).isEqualTo(text);
		assertThat(utf16Capture.captured()).isEqualTo(utf16);
	}

	@Test
	void readsIso88591WhenNeitherTheRequestNorItsContentTypeNamesACharset() throws IOException {
		byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
		MockHttpServletRequest mock = post(latin1, null);
		assertThat(readAll(new CapturingRequest(mock, new BodyCapture(10), 0, null).getReader())).isEqualTo("café");
	}

	@Test
	void rejectsAnUnknownCharsetAsTheContainerDoes() {
		MockHttpServletRequest mock = post(JSON, "text/plain");
		mock.setCharacterEncoding("no-such-charset");
		CapturingRequest request = new CapturingRequest(mock, new BodyCapture(10), 0, null);
		assertThatExceptionOfType(UnsupportedEncodingException.class).isThrownBy(request::getReader);
	}

	@Test
	void keepsTheServletRuleThatStreamAndReaderExcludeEachOther() throws IOException {
		CapturingRequest streamFirst = new CapturingRequest(post(JSON, "application/json"), null, 0, null);
		ServletInputStream stream = streamFirst.getInputStream();
		assertThat(streamFirst.getInputStream()).isSameAs(stream);
		assertThatIllegalStateException().isThrownBy(streamFirst::getReader);

		CapturingRequest readerFirst = new CapturingRequest(post(JSON, "application/json"), null, 0, null);
		BufferedReader reader = readerFirst.getReader();
		assertThat(readerFirst.getReader()).isSameAs(reader);
		assertThatIllegalStateException().isThrownBy(readerFirst::getInputStream);
	}

	@Test
	void replaysABodyAFilterConsumedSoTheHandlerReadsIdenticalBytes() throws IOException {
		BodyCapture capture = new BodyCapture(4096);
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), capture, 1024,
				this.readTwice::add);
		byte[] readByFilter = StreamUtils.copyToByteArray(request.getInputStream());
		request.prepareForHandler();
		assertThat(request.isReplayed()).isTrue();
		assertThat(StreamUtils.copyToByteArray(request.getInputStream())).isEqualTo(readByFilter).isEqualTo(JSON);
		assertThat(this.readTwice).isEmpty();
		// the capture holds the body once, not once per reader
		assertThat(capture.bytesSeen()).isEqualTo(JSON.length);
		assertThat(capture.captured()).isEqualTo(JSON);
	}

	@Test
	void replayLetsTheHandlerChooseTheReaderAfterAFilterUsedTheStream() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json;charset=UTF-8"), null, 1024,
				this.readTwice::add);
		StreamUtils.copyToByteArray(request.getInputStream());
		request.prepareForHandler();
		assertThat(readAll(request.getReader())).isEqualTo(new String(JSON, StandardCharsets.UTF_8));
		assertThatIllegalStateException().isThrownBy(request::getInputStream);
	}

	@Test
	void replaysABodyAFilterReadOnlyUpToItsDeclaredLength() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), null, 1024,
				this.readTwice::add);
		// exactly Content-Length bytes, never seeing the end of the stream
		assertThat(request.getInputStream().readNBytes(JSON.length)).isEqualTo(JSON);
		request.prepareForHandler();
		assertThat(StreamUtils.copyToByteArray(request.getInputStream())).isEqualTo(JSON);
	}

	@Test
	void replaysThroughAContentCachingRequestWrapperThatHoldsTheFirstStream() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), null, 1024,
				this.readTwice::add);
		ContentCachingRequestWrapper caching = new ContentCachingRequestWrapper(request, 1024);
		assertThat(StreamUtils.copyToByteArray(caching.getInputStream())).isEqualTo(JSON);
		request.prepareForHandler();
		// the handler reads through the same caching wrapper, which returns the stream it already has
		assertThat(StreamUtils.copyToByteArray(caching.getInputStream())).isEqualTo(JSON);
		assertThat(this.readTwice).isEmpty();
	}

	@Test
	void contentCachingRequestWrapperAroundItCachesWhatTheHandlerReads() throws IOException {
		BodyCapture capture = new BodyCapture(4096);
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), capture, 1024,
				this.readTwice::add);
		request.prepareForHandler();
		ContentCachingRequestWrapper caching = new ContentCachingRequestWrapper(request, 1024);
		assertThat(StreamUtils.copyToByteArray(caching.getInputStream())).isEqualTo(JSON);
		assertThat(caching.getContentAsByteArray()).isEqualTo(JSON);
		assertThat(capture.captured()).isEqualTo(JSON);
	}

	@Test
	void doesNotReplayABodyOverTheLimitAndReportsTheHandlerMeetingItExhaustedOnce() throws IOException {
		byte[] body = new byte[100];
		Arrays.fill(body, (byte) 'x');
		MockHttpServletRequest mock = post(body, "application/octet-stream");
		// a chunked upload: no declared length, so the body is kept until it outgrows the limit
		CapturingRequest request = new CapturingRequest(new UnknownLength(mock), new BodyCapture(16), 64,
				this.readTwice::add);
		assertThat(StreamUtils.copyToByteArray(request.getInputStream())).hasSize(100);
		request.prepareForHandler();
		assertThat(request.isReplayed()).isFalse();
		ServletInputStream handlerStream = request.getInputStream();
		assertThat(handlerStream.read(new byte[10])).isEqualTo(-1);
		assertThat(handlerStream.read()).isEqualTo(-1);
		assertThat(handlerStream.read(new byte[10], 0, 10)).isEqualTo(-1);
		assertThat(this.readTwice).containsExactly(100L);
	}

	@Test
	void doesNotEvenStartKeepingABodyWhoseDeclaredLengthIsOverTheLimit() throws IOException {
		byte[] body = new byte[10_000];
		CapturingRequest request = new CapturingRequest(post(body, "application/octet-stream"), null, 64,
				this.readTwice::add);
		request.getInputStream().read(new byte[100]);
		assertThat(request.retainedBytes()).isZero();
	}

	@Test
	void reportsAHandlerMeetingABodyConsumedWithReplayOff() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), null, 0,
				this.readTwice::add);
		readAll(request.getReader());
		request.prepareForHandler();
		assertThat(request.getReader().read()).isEqualTo(-1);
		assertThat(this.readTwice).containsExactly((long) JSON.length);
	}

	@Test
	void letsTheHandlerReadTheRestOfABodyAFilterReadPartlyWithoutReporting() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), new BodyCapture(4096), 1024,
				this.readTwice::add);
		ServletInputStream stream = request.getInputStream();
		byte[] head = stream.readNBytes(10);
		request.prepareForHandler();
		assertThat(request.isReplayed()).isFalse();
		byte[] rest = StreamUtils.copyToByteArray(request.getInputStream());
		assertThat(concat(head, rest)).isEqualTo(JSON);
		assertThat(this.readTwice).isEmpty();
		assertThat(request.bodyCapture().captured()).isEqualTo(JSON);
	}

	@Test
	void letsTheHandlerGoOnWithTheReaderAFilterTookOneLineFrom() throws IOException {
		byte[] lines = "first line\nsecond line\nthird line\n".getBytes(StandardCharsets.UTF_8);
		CapturingRequest request = new CapturingRequest(post(lines, "text/plain;charset=UTF-8"), null, 1024,
				this.readTwice::add);
		// the decoder beneath reads the whole body ahead, the filter takes only one line
		assertThat(request.getReader().readLine()).isEqualTo("first line");
		request.prepareForHandler();
		assertThat(request.isReplayed()).isFalse();
		assertThat(request.getReader().readLine()).isEqualTo("second line");
		assertThat(request.getReader().readLine()).isEqualTo("third line");
		assertThat(request.getReader().readLine()).isNull();
		assertThat(this.readTwice).isEmpty();
	}

	@Test
	void replaysABodyAFilterReadToTheEndThroughTheReader() throws IOException {
		byte[] lines = "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8);
		CapturingRequest request = new CapturingRequest(post(lines, "text/plain;charset=UTF-8"), null, 1024,
				this.readTwice::add);
		BufferedReader reader = request.getReader();
		while (reader.readLine() != null) {
			// a filter reading every line
		}
		request.prepareForHandler();
		assertThat(request.isReplayed()).isTrue();
		assertThat(request.getReader()).isNotSameAs(reader);
		assertThat(readAll(request.getReader())).isEqualTo("first line\nsecond line\n");
	}

	@Test
	void changesNothingWhenNothingReadTheBodyBeforeTheHandler() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), new BodyCapture(4096), 1024,
				this.readTwice::add);
		request.prepareForHandler();
		assertThat(request.isReplayed()).isFalse();
		assertThat(StreamUtils.copyToByteArray(request.getInputStream())).isEqualTo(JSON);
		assertThat(request.getInputStream().read()).isEqualTo(-1);
		assertThat(this.readTwice).isEmpty();
		assertThat(request.bodyCapture().captured()).isEqualTo(JSON);
	}

	@Test
	void doesNotReportAnEmptyBodyReadTwice() throws IOException {
		CapturingRequest request = new CapturingRequest(post(new byte[0], "application/json"), null, 0,
				this.readTwice::add);
		assertThat(request.getInputStream().read()).isEqualTo(-1);
		request.prepareForHandler();
		assertThat(request.getInputStream().read()).isEqualTo(-1);
		assertThat(this.readTwice).isEmpty();
	}

	@Test
	void onlyTheFirstPreparationCounts() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), null, 1024,
				this.readTwice::add);
		StreamUtils.copyToByteArray(request.getInputStream());
		request.prepareForHandler();
		StreamUtils.copyToByteArray(request.getInputStream());
		request.prepareForHandler();
		assertThat(request.getInputStream().read()).isEqualTo(-1);
		assertThat(this.readTwice).isEmpty();
	}

	@Test
	void ignoresAListenerThatThrows() throws IOException {
		CapturingRequest request = new CapturingRequest(post(JSON, "application/json"), null, 0, (bytes) -> {
			throw new IllegalStateException("listener failed");
		});
		StreamUtils.copyToByteArray(request.getInputStream());
		request.prepareForHandler();
		assertThat(request.getInputStream().read()).isEqualTo(-1);
	}

	@Test
	void streamsA64MegabyteBodyKeepingOnlyTheCapturePrefix() throws IOException {
		long size = 64L * 1024 * 1024;
		BodyCapture capture = new BodyCapture(4096);
		CapturingRequest request = new CapturingRequest(generated(size), capture, 64 * 1024, this.readTwice::add);
		assertThat(drain(request.getInputStream(), 64 * 1024)).isEqualTo(size);
		assertThat(capture.captured()).hasSize(4096).isEqualTo(GeneratedBody.prefix(4096));
		assertThat(capture.bytesSeen()).isEqualTo(size);
		assertThat(capture.isTruncated()).isTrue();
		assertThat(request.retainedBytes()).isLessThanOrEqualTo(4096);

		BodyCapture readerCapture = new BodyCapture(4096);
		CapturingRequest viaReader = new CapturingRequest(generated(size), readerCapture, 64 * 1024, null);
		BufferedReader reader = viaReader.getReader();
		char[] chars = new char[8192];
		long total = 0;
		for (int n = reader.read(chars); n >= 0; n = reader.read(chars)) {
			total += n;
		}
		assertThat(total).isEqualTo(size);
		assertThat(readerCapture.captured()).isEqualTo(GeneratedBody.prefix(4096));
		assertThat(viaReader.retainedBytes()).isLessThanOrEqualTo(4096);
	}

	@Test
	void holdsNoCopyOfAHalfGigabyteBody() throws IOException {
		long size = 512L * 1024 * 1024;
		long before = usedHeapAfterGc();
		BodyCapture capture = new BodyCapture(4096);
		CapturingRequest request = new CapturingRequest(generated(size), capture, 64 * 1024, this.readTwice::add);
		assertThat(drain(request.getInputStream(), 8192)).isEqualTo(size);
		request.prepareForHandler();
		long retainedHeap = usedHeapAfterGc() - before;
		// still reachable here, so anything it held would still be on the heap
		assertThat(request.bytesRead()).isEqualTo(size);
		assertThat(capture.bytesSeen()).isEqualTo(size);
		assertThat(capture.captured()).hasSize(4096);
		assertThat(request.retainedBytes()).isLessThanOrEqualTo(4096);
		assertThat(retainedHeap).isLessThan(32L * 1024 * 1024);
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long drain(InputStream in, int bufferSize) throws IOException {
		byte[] buffer = new byte[bufferSize];
		long total = 0;
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			total += n;
		}
		return total;
	}

	private static MockHttpServletRequest post(byte[] body, String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setContent(body);
		if (contentType != null) {
			request.setContentType(contentType);
		}
		return request;
	}

	private static MockHttpServletRequest generated(long size) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload") {
			private final ServletInputStream stream = new DelegatingServletInputStream(
					new GeneratedBody(size));

			@Override
			public ServletInputStream getInputStream() {
				return this.stream;
			}
		};
		request.setContentType("text/plain");
		return request;
	}

	private static String readAll(BufferedReader reader) throws IOException {
		StringBuilder text = new StringBuilder();
		for (int c = reader.read(); c >= 0; c = reader.read()) {
			text.append((char) c);
		}
		return text.toString();
	}

	private static byte[] concat(byte[] head, byte[] rest) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(head);
		out.writeBytes(rest);
		return out.toByteArray();
	}

	/**
	 * A request as a chunked upload arrives: no declared length.
	 */
	private static final class UnknownLength extends HttpServletRequestWrapper {

		UnknownLength(MockHttpServletRequest request) {
			super(request);
		}

		@Override
		public long getContentLengthLong() {
			return -1;
		}

		@Override
		public int getContentLength() {
			return -1;
		}

	}

	/**
	 * Reads a reader's characters back as UTF-8 bytes, so string helpers for streams apply.
	 */
	private static final class ReaderStream extends InputStream {

		private final BufferedReader reader;

		private byte[] pending = new byte[0];

		private int position;

		ReaderStream(BufferedReader reader) {
			this.reader = reader;
		}

		@Override
		public int read() throws IOException {
			if (this.position == this.pending.length) {
				int c = this.reader.read();
				if (c < 0) {
					return -1;
				}
				this.pending = String.valueOf((char) c).getBytes(StandardCharsets.UTF_8);
				this.position = 0;
			}
			return this.pending[this.position++] & 0xFF;
		}

	}

}
