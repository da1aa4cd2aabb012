package io.middlewaretrace.benchmarks.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The client of the delivery load test ({@code benchmarks/delivery.sh}), and its report.
 * <p>
 * {@code load <port> <clients> <seconds> <seen.csv>}: that many clients on keep-alive
 * connections send requests to {@link DeliveryServer}'s handlers, each with its own W3C trace
 * id (so that even a connection closed before the status line is matched to the server's
 * record) and an {@code X-Request-Timeout-Ms} budget drawn around the handler's own time. Every
 * response is read to its declared end: Content-Length reached, or the terminating chunk of a
 * chunked body; anything less is incomplete.
 * <p>
 * {@code report <seen.csv> <access.log>}: joins what the clients got with the server's access
 * log by trace id, and counts the responses the server recorded as complete (no deadline
 * outcome, {@code late} or {@code exceeded}) that reached the client incomplete: the figure that
 * must be 0. Also counted: responses recorded {@code cut} that arrived whole, statuses that differ
 * from the recorded one, complete bodies whose size differs from the recorded
 * {@code response_bytes}, requests without a record.
 */
public final class DeliveryLoad {

	private static final String[] ENDPOINTS = { "json", "query", "sized", "stream", "page" };

	private static final int READ_TIMEOUT_MS = 20_000;

	private DeliveryLoad() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 5 && args[0].equals("load")) {
			load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
		}
		else if (args.length == 3 && args[0].equals("report")) {
			System.exit(report(Path.of(args[1]), Path.of(args[2])) ? 0 : 1);
		}
		else {
			System.err.println("Usage: DeliveryLoad load <port> <clients> <seconds> <seen.csv>");
			System.err.println("       DeliveryLoad report <seen.csv> <access.log>");
			System.exit(2);
		}
	}

	private static void load(int port, int clients, int seconds, Path out) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<List<Seen>>> futures = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			long seed = 0x5eed_0000L + i;
			futures.add(pool.submit(() -> client(port, end, new SplittableRandom(seed))));
		}
		List<Seen> seen = new ArrayList<>();
		for (Future<List<Seen>> future : futures) {
			seen.addAll(future.get());
		}
		pool.shutdown();
		try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
			writer.println("trace_id,endpoint,handler_ms,budget_ms,status,body_bytes,complete,reason");
			for (Seen response : seen) {
				writer.println(response.csv());
			}
		}
		System.out.printf(Locale.ROOT, "%d requests from %d clients in %d s (%.0f/s)%n", seen.size(), clients,
				seconds, seen.size() / (double) seconds);
	}

	private static List<Seen> client(int port, long end, SplittableRandom random) throws IOException {
		List<Seen> seen = new ArrayList<>();
		Connection connection = null;
		try {
			while (System.nanoTime() - end < 0) {
				if (connection == null) {
					connection = new Connection(port);
				}
				String endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
				int handlerMs = random.nextInt(2, 13);
				int budgetMs = Math.max(1, handlerMs + random.nextInt(-3, 5));
				String traceId = String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
				Seen response = connection.exchange(endpoint, handlerMs, budgetMs, traceId);
				seen.add(response);
				if (!response.complete() || connection.closing) {
					connection.close();
					connection = null;
				}
			}
		}
		finally {
			if (connection != null) {
				connection.close();
			}
		}
		return seen;
	}

	private static boolean report(Path seenFile, Path accessLog) throws IOException {
		ObjectMapper json = new ObjectMapper();
		Map<String, Recorded> recorded = new HashMap<>();
		for (String line : Files.readAllLines(accessLog)) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode entry = json.readTree(line);
			JsonNode traceId = entry.get("trace_id");
			if (traceId != null) {
				recorded.put(traceId.asText(), new Recorded(entry.path("http_status").asInt(),
						entry.path("response_bytes").asLong(-1), entry.path("deadline_outcome").asText("")));
			}
		}
		Map<String, Integer> counts = new TreeMap<>();
		int total = 0;
		int incompleteRecordedComplete = 0;
		int cutButWhole = 0;
		int statusDiffers = 0;
		int sizeDiffers = 0;
		int unrecorded = 0;
		List<String> examples = new ArrayList<>();
		List<String> lines = Files.readAllLines(seenFile);
		for (String line : lines.subList(1, lines.size())) {
			Seen seen = Seen.parse(line);
			total++;
			Recorded server = recorded.get(seen.traceId());
			if (server == null) {
				unrecorded++;
				counts.merge(seen.endpoint() + " " + seen.status() + " unrecorded " + state(seen), 1, Integer::sum);
				continue;
			}
			String outcome = server.outcome().isEmpty() ? "in-time" : server.outcome();
			counts.merge(seen.endpoint() + " " + server.status() + " " + outcome + " " + state(seen), 1, Integer::sum);
			boolean cut = server.outcome().equals("cut");
			String problem = null;
			if (!seen.complete() && !cut) {
				incompleteRecordedComplete++;
				problem = "incomplete, recorded " + outcome;
			}
			else if (seen.complete() && cut) {
				cutButWhole++;
				problem = "whole, recorded cut";
			}
			else if (seen.status() != 0 && seen.status() != server.status()) {
				statusDiffers++;
				problem = "status differs";
			}
			else if (seen.complete() && server.bytes() >= 0 && seen.bodyBytes() != server.bytes()) {
				sizeDiffers++;
				problem = "size differs";
			}
			if (problem != null && examples.size() < 20) {
				examples.add(problem + ": " + seen + " recorded " + server);
			}
		}
		System.out.println("endpoint status(recorded) outcome client: count");
		counts.forEach((key, count) -> System.out.println("  " + key + ": " + count));
		examples.forEach((example) -> System.out.println("  ! " + example));
		System.out.printf(Locale.ROOT,
				"RESULT requests=%d incomplete_recorded_complete=%d cut_but_whole=%d status_differs=%d "
						+ "size_differs=%d unrecorded=%d%n",
				total, incompleteRecordedComplete, cutButWhole, statusDiffers, sizeDiffers, unrecorded);
		return incompleteRecordedComplete == 0 && cutButWhole == 0 && statusDiffers == 0 && sizeDiffers == 0
				&& unrecorded == 0;
	}

	private static String state(Seen seen) {
		return seen.complete() ? "complete" : "incomplete(" + seen.reason() + ")";
	}

	/**
	 * What one client got.
	 */
	record Seen(String traceId, String endpoint, int handlerMs, int budgetMs, int status, long bodyBytes,
			boolean complete, String reason) {

		String csv() {
			return String.join(",", this.traceId, this.endpoint, Integer.toString(this.handlerMs),
					Integer.toString(this.budgetMs), Integer.toString(this.status), Long.toString(this.bodyBytes),
					Boolean.toString(this.complete), this.reason);
		}

		static Seen parse(String line) {
			String[] fields = line.split(",", -1);
			return new Seen(fields[0], fields[1], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
					Integer.parseInt(fields[4]), Long.parseLong(fields[5]), Boolean.parseBoolean(fields[6]), fields[7]);
		}

	}

	/**
	 * What the server's access log says it sent.
	 */
	record Recorded(int status, long bytes, String outcome) {
	}

	/**
	 * One keep-alive HTTP/1.1 connection that reads every response to its declared end.
	 */
	private static final class Connection {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		boolean closing;

		Connection(int port) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.socket.setSoTimeout(READ_TIMEOUT_MS);
			this.socket.setTcpNoDelay(true);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
		}

		Seen exchange(String endpoint, int handlerMs, int budgetMs, String traceId) {
			String request = "GET /load/" + endpoint + "?ms=" + handlerMs + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "traceparent: 00-" + traceId + "-00f067aa0ba902b7-01\r\n" + "X-Request-Timeout-Ms: " + budgetMs
					+ "\r\n\r\n";
			int status = 0;
			long body = 0;
			try {
				this.out.write(request.getBytes(StandardCharsets.US_ASCII));
				this.out.flush();
				String statusLine = line();
				if (statusLine == null) {
					return seen(traceId, endpoint, handlerMs, budgetMs, 0, 0, false, "closed-before-status");
				}
				status = Integer.parseInt(statusLine.substring(9, 12));
				long contentLength = -1;
				boolean chunked = false;
				for (String header = line(); header != null && !header.isEmpty(); header = line()) {
					int colon = header.indexOf(':');
					String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
					String value = header.substring(colon + 1).trim();
					if (name.equals("content-length")) {
						contentLength = Long.parseLong(value);
					}
					else if (name.equals("transfer-encoding")) {
						chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
					}
					else if (name.equals("connection")) {
						this.closing = value.equalsIgnoreCase("close");
					}
				}
				if (chunked) {
					while (true) {
						String sizeLine = line();
						if (sizeLine == null) {
							return seen(traceId, endpoint, handlerMs, budgetMs, status, body, false, "eof-in-chunks");
						}
						int extension = sizeLine.indexOf(';');
						long size = Long.parseLong((extension < 0) ? sizeLine : sizeLine.substring(0, extension), 16);
						if (size == 0) {
							for (String trailer = line(); trailer == null || !trailer.isEmpty(); trailer = line()) {
								if (trailer == null) {
									return seen(traceId, endpoint, handlerMs, budgetMs, status, body, false,
											"eof-in-trailer");
								}
							}
							return seen(traceId, endpoint, handlerMs, budgetMs, status, body, true, "ok");
						}
						long read = skip(size);
						body += read;
						if (read < size || !"".equals(line())) {
							return seen(traceId, endpoint, handlerMs, budgetMs, status, body, false, "eof-in-chunk");
						}
					}
				}
				if (contentLength >= 0) {
					body = skip(contentLength);
					boolean complete = body == contentLength;
					return seen(traceId, endpoint, handlerMs, budgetMs, status, body, complete,
							complete ? "ok" : "eof-before-length");
				}
				// neither: the body ends with the connection
				this.closing = true;
				body = skip(Long.MAX_VALUE);
				return seen(traceId, endpoint, handlerMs, budgetMs, status, body, true, "close-delimited");
			}
			catch (SocketTimeoutException ex) {
				return seen(traceId, endpoint, handlerMs, budgetMs, status, body, false, "read-timeout");
			}
			catch (IOException | RuntimeException ex) {
				return seen(traceId, endpoint, handlerMs, budgetMs, status, body, false,
						ex.getClass().getSimpleName());
			}
		}

		private static Seen seen(String traceId, String endpoint, int handlerMs, int budgetMs, int status, long body,
				boolean complete, String reason) {
			return new Seen(traceId, endpoint, handlerMs, budgetMs, status, body, complete, reason);
		}

		/** A CRLF-terminated line, or {@code null} at the end of the stream before any byte of it. */
		private String line() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream(64);
			int previous = -1;
			while (true) {
				int b = this.in.read();
				if (b < 0) {
					if (line.size() == 0 && previous < 0) {
						return null;
					}
					throw new EOFException("end of stream within a line");
				}
				if (previous == '\r' && b == '\n') {
					byte[] bytes = line.toByteArray();
					return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
				}
				line.write(b);
				previous = b;
			}
		}

		private long skip(long count) throws IOException {
			byte[] buffer = new byte[8192];
			long read = 0;
			while (read < count) {
				int n = this.in.read(buffer, 0, (int) Math.min(buffer.length, count - read));
				if (n < 0) {
					break;
				}
				read += n;
			}
			return read;
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing a connection the test is done with
			}
		}

	}

}
