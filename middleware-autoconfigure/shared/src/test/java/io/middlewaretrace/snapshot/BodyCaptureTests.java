package io.middlewaretrace.snapshot;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.middlewaretrace.web.BodyCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BodyCaptureTests {

	@Test
	void allocatesNothingUntilTheFirstByte() {
		BodyCapture capture = new BodyCapture(4096);
		assertThat(capture.capacity()).isZero();
		assertThat(capture.captured()).isEmpty();
		assertThat(capture.bytesSeen()).isZero();
		assertThat(capture.isTruncated()).isFalse();
		capture.append('x');
		assertThat(capture.capacity()).isPositive().isLessThan(4096);
	}

	@Test
	void growsGeometricallyAndNeverPastItsLimit() {
		BodyCapture capture = new BodyCapture(5000);
		int grows = 0;
		int capacity = 0;
		for (int i = 0; i < 10_000; i++) {
			capture.append(i);
			if (capture.capacity() != capacity) {
				grows++;
				capacity = capture.capacity();
			}
		}
		assertThat(capture.capacity()).isEqualTo(5000);
		assertThat(grows).isLessThanOrEqualTo(8);
		assertThat(capture.capturedLength()).isEqualTo(5000);
		assertThat(capture.bytesSeen()).isEqualTo(10_000);
		assertThat(capture.isTruncated()).isTrue();
	}

	@Test
	void keepsTheLeadingBytesAndCountsTheRest() {
		BodyCapture capture = new BodyCapture(8);
		byte[] body = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		capture.append(body, 0, 5);
		assertThat(capture.isTruncated()).isFalse();
		capture.append(body, 5, 11);
		capture.append('!');
		assertThat(new String(capture.captured(), StandardCharsets.US_ASCII)).isEqualTo("01234567");
		assertThat(capture.bytesSeen()).isEqualTo(17);
		assertThat(capture.isTruncated()).isTrue();
	}

	@Test
	void capturedIsACopy() {
		BodyCapture capture = new BodyCapture(8);
		capture.append(new byte[] { 1, 2, 3 }, 0, 3);
		capture.captured()[0] = 9;
		assertThat(capture.captured()).containsExactly(1, 2, 3);
	}

	@Test
	void limitZeroCapturesNothingButCounts() {
		BodyCapture capture = new BodyCapture(0);
		capture.append(new byte[1000], 0, 1000);
		capture.append(1);
		capture.appendChars("héllo", 0, 5, StandardCharsets.UTF_8);
		assertThat(capture.captured()).isEmpty();
		assertThat(capture.capacity()).isZero();
		assertThat(capture.bytesSeen()).isEqualTo(1007);
		assertThat(capture.isTruncated()).isTrue();
	}

	@Test
	void rejectsANegativeLimitAndBadRanges() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BodyCapture(-1));
		BodyCapture capture = new BodyCapture(10);
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> capture.append(new byte[4], 2, 3));
	}

	@Test
	void encodesCharactersExactlyAsUtf8IncludingSurrogatePairsSplitAcrossWrites() {
		String text = "grüße 😀 € ok";
		BodyCapture capture = new BodyCapture(1000);
		// just after the high surrogate (a char literal cannot hold a supplementary character)
		int split = text.indexOf("😀") + 1;
		// the writer hands over the high surrogate in one write and the low one in the next
		capture.appendChars(text.toCharArray(), 0, split, StandardCharsets.UTF_8);
		capture.appendChars(text, split, text.length() - split, StandardCharsets.UTF_8);
		byte[] expected = text.getBytes(StandardCharsets.UTF_8);
		assertThat(capture.captured()).isEqualTo(expected);
		assertThat(capture.bytesSeen()).isEqualTo(expected.length);
		assertThat(capture.isTruncated()).isFalse();
	}

	@Test
	void countsUtf8BytesExactlyBeyondTheLimit() {
		String text = "añb€c😀".repeat(100);
		BodyCapture capture = new BodyCapture(10);
		capture.appendChars(text, 0, text.length(), StandardCharsets.UTF_8);
		assertThat(capture.bytesSeen()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		assertThat(capture.isTruncated()).isTrue();
	}

	@Test
	void stopsCapturingAtTheFirstCharacterThatDoesNotFitSoThePrefixStaysContiguous() {
		BodyCapture capture = new BodyCapture(4);
		// "ab" = 2 bytes, "€" = 3 bytes does not fit in the 2 left, "c" would
		capture.appendChars("ab€c", 0, 4, StandardCharsets.UTF_8);
		capture.appendChars("d", 0, 1, StandardCharsets.UTF_8);
		assertThat(new String(capture.captured(), StandardCharsets.UTF_8)).isEqualTo("ab");
		assertThat(capture.bytesSeen()).isEqualTo(7);
		assertThat(capture.isTruncated()).isTrue();
	}

	@Test
	void replacesWhatIso88591CannotEncodeAsItsEncoderDoes() {
		String text = "café € 😀";
		BodyCapture capture = new BodyCapture(100);
		capture.appendChars(text, 0, text.length(), null);
		byte[] expected = text.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(capture.captured()).isEqualTo(expected);
		assertThat(capture.bytesSeen()).isEqualTo(expected.length);
	}

	@Test
	void replacesLoneSurrogatesAsTheJdkEncoderDoes() {
		String text = "a\uD800b\uDC00c";
		BodyCapture capture = new BodyCapture(100);
		capture.appendChars(text, 0, text.length(), StandardCharsets.UTF_8);
		assertThat(capture.captured()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void encodesOtherCharsetsWithTheirEncoderAndEstimatesWhatDoesNotFit() {
		Charset utf16 = StandardCharsets.UTF_16BE;
		String text = "Zürich";
		BodyCapture capture = new BodyCapture(100);
		capture.appendChars(text.toCharArray(), 0, text.length(), utf16);
		assertThat(capture.captured()).isEqualTo(text.getBytes(utf16));
		assertThat(capture.bytesSeen()).isEqualTo(12);

		BodyCapture small = new BodyCapture(5);
		small.appendChars(text, 0, text.length(), utf16);
		assertThat(small.captured()).isEqualTo("Zü".getBytes(utf16));
		assertThat(small.bytesSeen()).isEqualTo(12);
		assertThat(small.isTruncated()).isTrue();

		Charset shiftJis = Charset.forName("Shift_JIS");
		String japanese = "東京タワー";
		BodyCapture sjis = new BodyCapture(1000);
		sjis.appendChars(japanese, 0, japanese.length(), shiftJis);
		assertThat(sjis.captured()).isEqualTo(japanese.getBytes(shiftJis));
	}

}
