package io.middlewaretrace.web;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * The parts of a {@code Content-Type} value the snapshot needs: the media type and its
 * parameters. Lenient: a value it cannot read is an unknown media type, never an exception.
 */
public final class ContentType {

	private static final ContentType NONE = new ContentType("", "");

	private final String mediaType;

	private final String parameters;

	private ContentType(String mediaType, String parameters) {
		this.mediaType = mediaType;
		this.parameters = parameters;
	}

	public static ContentType parse(String value) {
		if (value == null) {
			return NONE;
		}
		int semicolon = value.indexOf(';');
		String type = (semicolon < 0) ? value : value.substring(0, semicolon);
		String parameters = (semicolon < 0) ? "" : value.substring(semicolon);
		return new ContentType(type.trim().toLowerCase(Locale.ROOT), parameters);
	}

	public String mediaType() {
		return this.mediaType;
	}

	/**
	 * Returns the value of a parameter, unquoted, or {@code null}.
	 */
	public String parameter(String name) {
		int from = 0;
		while (from < this.parameters.length()) {
			int start = this.parameters.indexOf(';', from) + 1;
			if (start == 0) {
				return null;
			}
			int end = this.parameters.indexOf(';', start);
			if (end < 0) {
				end = this.parameters.length();
			}
			int eq = this.parameters.indexOf('=', start);
			if (eq > 0 && eq < end && this.parameters.substring(start, eq).trim().equalsIgnoreCase(name)) {
				String value = this.parameters.substring(eq + 1, end).trim();
				if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
					value = value.substring(1, value.length() - 1);
				}
				return value;
			}
			from = end;
		}
		return null;
	}

	/**
	 * Returns the declared charset, or {@code null} when none is declared or it is unknown.
	 */
	public Charset charset() {
		String name = parameter("charset");
		if (name == null || name.isEmpty()) {
			return null;
		}
		try {
			return Charset.forName(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	public boolean isJson() {
		return this.mediaType.equals("application/json") || this.mediaType.endsWith("+json")
				|| this.mediaType.equals("application/x-ndjson");
	}

	public boolean isForm() {
		return this.mediaType.equals("application/x-www-form-urlencoded");
	}

	public boolean isXml() {
		return this.mediaType.equals("application/xml") || this.mediaType.equals("text/xml")
				|| this.mediaType.endsWith("+xml");
	}

	public boolean isMultipart() {
		return this.mediaType.startsWith("multipart/");
	}

	public boolean isText() {
		return this.mediaType.startsWith("text/");
	}

}
