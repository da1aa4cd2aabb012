package io.middlewaretrace.accesslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access-log file rolls over by size and by day, at flushes only (so never within a line),
 * into archives named with their day and an index, and keeps the history and the total size it
 * is given. Days come from a clock the test moves.
 */
class RollingFileOutputTests {

	private static final String LINE = "x".repeat(99) + "\n";

	@TempDir
	Path directory;

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

	@Test
	void rollsOverBySizeAtAFlushKeepingLinesWhole() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		try (RollingFileOutput out = new RollingFileOutput(file, 250, 0, 0, this.clock)) {
			write(out, 2);
			out.flush();
			assertThat(archives()).isEmpty();
			write(out, 1);
			// 300 bytes, beyond 250: rolled over at the flush, after whole lines
			out.flush();
			write(out, 1);
			out.flush();
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-07.0.log");
		assertThat(read("middleware-access-2026-12-07.0.log")).isEqualTo(LINE.repeat(3));
		assertThat(read("middleware-access.log")).isEqualTo(LINE);
	}

	@Test
	void numbersTheArchivesOfOneDay() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		try (RollingFileOutput out = new RollingFileOutput(file, 100, 0, 0, this.clock)) {
			for (int i = 0; i < 3; i++) {
				write(out, 1);
				out.flush();
			}
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-07.0.log",
				"middleware-access-2026-12-07.1.log", "middleware-access-2026-12-07.2.log");
	}

	@Test
	void rollsOverWhenADayEndsNamingTheArchiveAfterItsDay() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		try (RollingFileOutput out = new RollingFileOutput(file, 0, 0, 0, this.clock)) {
			write(out, 2);
			out.flush();
			// past midnight
			this.clock.advance(Duration.ofHours(15));
			write(out, 1);
			out.flush();
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-07.0.log");
		assertThat(read("middleware-access-2026-12-07.0.log")).isEqualTo(LINE.repeat(3));
		assertThat(read("middleware-access.log")).isEmpty();
	}

	@Test
	void keepsTheHistoryItIsGiven() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		try (RollingFileOutput out = new RollingFileOutput(file, 0, 2, 0, this.clock)) {
			for (int day = 0; day < 5; day++) {
				write(out, 1);
				out.flush();
				this.clock.advance(Duration.ofDays(1));
			}
			write(out, 1);
			// on the sixth day (12-12) the fifth day's file is archived, and only the archives of
			// the last two days are kept
			out.flush();
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-10.0.log",
				"middleware-access-2026-12-11.0.log");
	}

	@Test
	void keepsArchivesUnderTheTotalSizeCapDeletingTheOldestFirst() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		try (RollingFileOutput out = new RollingFileOutput(file, 100, 0, 250, this.clock)) {
			for (int i = 0; i < 4; i++) {
				write(out, 1);
				out.flush();
			}
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-07.2.log",
				"middleware-access-2026-12-07.3.log");
	}

	@Test
	void archivesAFileAnEarlierRunLeftUnderTheDayItWasWritten() throws IOException {
		Path file = this.directory.resolve("middleware-access.log");
		Files.writeString(file, LINE);
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-05T23:00:00Z")));
		try (RollingFileOutput out = new RollingFileOutput(file, 0, 0, 0, this.clock)) {
			write(out, 1);
			out.flush();
		}
		assertThat(archives()).containsExactly("middleware-access-2026-12-05.0.log");
		assertThat(read("middleware-access-2026-12-05.0.log")).isEqualTo(LINE.repeat(2));
	}

	private static void write(RollingFileOutput out, int lines) throws IOException {
		for (int i = 0; i < lines; i++) {
			byte[] line = LINE.getBytes(StandardCharsets.UTF_8);
			out.write(line, 0, line.length);
		}
	}

	private List<String> archives() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.map((path) -> path.getFileName().toString())
				.filter((name) -> !name.equals("middleware-access.log"))
				.sorted()
				.toList();
		}
	}

	private String read(String name) throws IOException {
		return Files.readString(this.directory.resolve(name));
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
