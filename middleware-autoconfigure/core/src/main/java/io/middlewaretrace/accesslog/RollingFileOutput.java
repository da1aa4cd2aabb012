package io.middlewaretrace.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access-log file, rolled over by size and by day as Logback's size-and-time policy does
 * (and with Spring Boot's names for its limits): {@code logs/middleware-access.log} is moved to
 * {@code logs/middleware-access-2026-12-07.0.log}, {@code .1.log}, ... when it reaches its
 * maximum size or a new day begins, and archives older than the history or beyond the total
 * size cap are deleted, oldest first.
 * <p>
 * Rolls over only when flushed: the appender flushes after each batch of whole lines, so a line
 * is never split between two files, and a file can exceed its maximum size by the lines of one
 * write batch.
 * Written by the appender's one writer thread; not thread-safe.
 */
final class RollingFileOutput extends OutputStream {

	private final Path file;

	private final String base;

	private final String extension;

	private final Pattern archiveName;

	private final long maxFileSize;

	private final int maxHistory;

	private final long totalSizeCap;

	private final Clock clock;

	private OutputStream out;

	private long size;

	// the day of the lines in the file
	private LocalDate day;

	/**
	 * Opens the file, appending.
	 * @param file the file
	 * @param maxFileSize size from which the file is rolled over, 0 for no limit
	 * @param maxHistory days of archives kept, 0 to keep them all
	 * @param totalSizeCap most bytes of archives kept, 0 for no cap
	 * @param clock when days begin (in its zone)
	 */
	RollingFileOutput(Path file, long maxFileSize, int maxHistory, long totalSizeCap, Clock clock) {
		this.file = file.toAbsolutePath();
		String name = this.file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		this.base = (dot > 0) ? name.substring(0, dot) : name;
		this.extension = (dot > 0) ? name.substring(dot) : "";
		this.archiveName = Pattern
			.compile(Pattern.quote(this.base) + "-(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)" + Pattern.quote(this.extension));
		this.maxFileSize = maxFileSize;
		this.maxHistory = maxHistory;
		this.totalSizeCap = totalSizeCap;
		this.clock = clock;
		try {
			Path parent = this.file.getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			if (Files.exists(this.file)) {
				this.size = Files.size(this.file);
				// a file left by an earlier run holds the lines of the day it was last written
				this.day = LocalDate.ofInstant(Files.getLastModifiedTime(this.file).toInstant(), zone());
			}
			else {
				this.day = today();
			}
			this.out = open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open access-log file " + this.file, ex);
		}
	}

	@Override
	public void write(int b) throws IOException {
		this.out.write(b);
		this.size++;
	}

	@Override
	public void write(byte[] bytes, int off, int len) throws IOException {
		this.out.write(bytes, off, len);
		this.size += len;
	}

	/**
	 * Flushes the file, then rolls it over if it reached its maximum size or its day ended: the
	 * appender flushes after whole lines only.
	 */
	@Override
	public void flush() throws IOException {
		this.out.flush();
		LocalDate today = today();
		if (this.size > 0 && (!today.equals(this.day) || (this.maxFileSize > 0 && this.size >= this.maxFileSize))) {
			rollOver(today);
		}
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

	private void rollOver(LocalDate today) throws IOException {
		this.out.close();
		Files.move(this.file, nextArchive(this.day), StandardCopyOption.ATOMIC_MOVE);
		this.out = open();
		this.size = 0;
		this.day = today;
		deleteOldArchives(today);
	}

	private Path nextArchive(LocalDate day) throws IOException {
		int index = 0;
		for (Archive archive : archives()) {
			if (archive.day.equals(day)) {
				index = Math.max(index, archive.index + 1);
			}
		}
		return this.file.resolveSibling(this.base + "-" + day + "." + index + this.extension);
	}

	private void deleteOldArchives(LocalDate today) throws IOException {
		List<Archive> archives = archives();
		archives.sort(Comparator.comparing((Archive archive) -> archive.day).thenComparingInt((archive) -> archive.index));
		long total = 0;
		for (Archive archive : archives) {
			total += archive.size;
		}
		for (Archive archive : archives) {
			boolean tooOld = this.maxHistory > 0 && archive.day.isBefore(today.minusDays(this.maxHistory));
			boolean overCap = this.totalSizeCap > 0 && total > this.totalSizeCap;
			if (!tooOld && !overCap) {
				break;
			}
			Files.deleteIfExists(archive.path);
			total -= archive.size;
		}
	}

	private List<Archive> archives() throws IOException {
		List<Archive> archives = new ArrayList<>();
		try (DirectoryStream<Path> siblings = Files.newDirectoryStream(this.file.getParent())) {
			for (Path sibling : siblings) {
				Matcher matcher = this.archiveName.matcher(sibling.getFileName().toString());
				if (matcher.matches()) {
					archives.add(new Archive(sibling, LocalDate.parse(matcher.group(1)),
							Integer.parseInt(matcher.group(2)), Files.size(sibling)));
				}
			}
		}
		return archives;
	}

	private OutputStream open() throws IOException {
		return Files.newOutputStream(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	private LocalDate today() {
		return LocalDate.now(this.clock);
	}

	private ZoneId zone() {
		return this.clock.getZone();
	}

	private record Archive(Path path, LocalDate day, int index, long size) {
	}

}
