package io.middlewaretrace.deadline;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 connection on a plain socket that shows what a client library would hide: whether
 * a chunked response ended with its terminating chunk, and whether the server closed the
 * connection.
 */
final class RawHttpConnection implements Closeable {

	private final Socket socket;

	private final InputStream in;

	RawHttpConnection(int port) throws IOException {
		this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
		// a server that neither finishes nor closes fails the read instead of hanging the test
		this.socket.setSoTimeout(5_000);
		this.in = this.socket.getInputStream();
	}

	/**
	 * Sends a GET with the given header names and values, in pairs.
	 */
	void get(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		OutputStream out = this.socket.getOutputStream();
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/**
	 * Sends raw bytes (a request head, or part of a body).
	 */
	void send(String text) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/**
	 * Reads one response with a chunked body: to its terminating chunk, or to the end of the
	 * stream if the server closed the connection before it.
	 */
	Response readChunkedResponse() throws IOException {
		String head = readHead();
		if (head == null) {
			return new Response("", "", false, true);
		}
		if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
			throw new IllegalStateException("not a chunked response:\n" + head);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			return readChunks(head, body);
		}
		catch (SocketException ex) {
			// reset by the server: as closed as a connection gets
			return new Response(head, body.toString(StandardCharsets.UTF_8), false, true);
		}
	}

	private Response readChunks(String head, ByteArrayOutputStream body) throws IOException {
		while (true) {
			String sizeLine = readLine();
			if (sizeLine == null) {
				return new Response(head, body.toString(StandardCharsets.UTF_8), false, true);
			}
			int size = Integer.parseInt(sizeLine.strip(), 16);
			if (size == 0) {
				String end = readLine();
				return new Response(head, body.toString(StandardCharsets.UTF_8), "".equals(end), end == null);
			}
			byte[] chunk = this.in.readNBytes(size);
			body.write(chunk);
			if (chunk.length < size || readLine() == null) {
				return new Response(head, body.toString(StandardCharsets.UTF_8), false, true);
			}
		}
	}

	/**
	 * Reads one whole response, chunked or of known length, with every body byte: to its end,
	 * or to the end of the stream if the server closed the connection before it.
	 */
	Response readResponse() throws IOException {
		String head = readHead();
		if (head == null) {
			return new Response("", "", false, true);
		}
		if (head.toLowerCase().contains("transfer-encoding: chunked")) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			try {
				return readChunks(head, body);
			}
			catch (SocketException ex) {
				return new Response(head, body.toString(StandardCharsets.UTF_8), false, true);
			}
		}
		String length = headerOf(head, "Content-Length");
		if (length == null) {
			throw new IllegalStateException("neither chunked nor of known length:\n" + head);
		}
		byte[] body;
		try {
			body = this.in.readNBytes(Integer.parseInt(length));
		}
		catch (SocketException ex) {
			return new Response(head, "", false, true);
		}
		return new Response(head, new String(body, StandardCharsets.UTF_8), body.length == Integer.parseInt(length),
				false);
	}

	/**
	 * Reads one response with a body of known length at a bounded pace (one 16 KiB read per
	 * millisecond at most, so that a fast writer mostly waits for the socket), to its end or to
	 * the end of the stream if the server closed the connection before it.
	 * @return the head and how many body bytes arrived
	 */
	SizedResponse readSizedResponse() throws IOException, InterruptedException {
		return readSizedResponse(16 * 1024, 0, 1);
	}

	/**
	 * Reads one response with a body of known length, {@code chunk} bytes at a time with a
	 * pause after each (a longer one after the first), to its end or to the end of the stream
	 * if the server closed the connection before it.
	 * @return the head and how many body bytes arrived
	 */
	SizedResponse readSizedResponse(int chunk, long firstPauseMillis, long pauseMillis)
			throws IOException, InterruptedException {
		String head = readHead();
		if (head == null) {
			return new SizedResponse("", 0, false);
		}
		long length = Long.parseLong(head.lines()
			.filter((line) -> line.toLowerCase().startsWith("content-length:"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no content length:\n" + head))
			.substring("content-length:".length())
			.strip());
		byte[] buffer = new byte[chunk];
		long read = 0;
		try {
			int n;
			while (read < length && (n = this.in.read(buffer, 0, (int) Math.min(buffer.length, length - read))) != -1) {
				Thread.sleep((read == 0) ? firstPauseMillis : pauseMillis);
				read += n;
			}
		}
		catch (SocketException ex) {
			// reset by the server: the body ends here
		}
		return new SizedResponse(head, read, read == length);
	}

	/**
	 * Whether the server closed the connection: the next read sees the end of the stream
	 * within the given time, instead of waiting for more.
	 */
	boolean closedByServer(int timeoutMillis) throws IOException {
		this.socket.setSoTimeout(timeoutMillis);
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// a reset is a closed connection too
			return true;
		}
	}

	private String readHead() throws IOException {
		StringBuilder head = new StringBuilder();
		String line;
		while ((line = readLine()) != null && !line.isEmpty()) {
			head.append(line).append('\n');
		}
		return (line != null) ? head.toString() : null;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != -1) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.US_ASCII);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * What was read of one response.
	 * @param head the status line and headers
	 * @param body the chunks' data, as far as it came
	 * @param complete whether the terminating chunk arrived
	 * @param endOfStream whether the server closed the connection before or right at the end
	 * of the response
	 */
	record Response(String head, String body, boolean complete, boolean endOfStream) {

		String header(String name) {
			return headerOf(this.head, name);
		}

	}

	/**
	 * What was read of one response with a content length.
	 * @param head the status line and headers
	 * @param bodyBytes how many body bytes arrived
	 * @param complete whether all the announced bytes arrived
	 */
	record SizedResponse(String head, long bodyBytes, boolean complete) {

		String header(String name) {
			return headerOf(this.head, name);
		}

	}

	private static String headerOf(String head, String name) {
		for (String line : head.split("\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
				return line.substring(colon + 1).strip();
			}
		}
		return null;
	}

}
