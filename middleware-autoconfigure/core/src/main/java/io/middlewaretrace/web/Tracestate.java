package io.middlewaretrace.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The W3C {@code tracestate} list of a request, combined from all its header fields. Pure: it
 * knows neither the servlet API nor the tracer.
 * <ul>
 * <li>Fields are one list, in the order they arrived; empty fields and empty or whitespace-only
 * list members are accepted and dropped.</li>
 * <li>Spaces and tabs around a member are ignored.</li>
 * <li>A member that breaks the grammar (key: a lowercase letter or a digit, then up to 255 of
 * {@code a-z 0-9 _ - * / @}; value: 1 to 256 printable ASCII characters other than ',' and '=',
 * not ending in a space) makes the whole list invalid: it is {@link Status#MALFORMED} and
 * nothing of it is propagated.</li>
 * <li>A key repeated later in the list keeps its leftmost member (the most recent position).</li>
 * <li>More than 32 members are cut to 32: members longer than 128 characters go first, from the
 * right, then members from the right end; the list is then {@link Status#TRUNCATED}.</li>
 * </ul>
 */
final class Tracestate {

	static final String HEADER = "tracestate";

	static final int MAX_MEMBERS = 32;

	/**
	 * Members longer than this are the first to go when the list is cut.
	 */
	static final int LONG_MEMBER = 128;

	private static final int MAX_KEY_LENGTH = 256;

	private static final int MAX_VALUE_LENGTH = 256;

	/**
	 * What became of the inbound fields.
	 */
	enum Status {

		/**
		 * No field, or only empty ones.
		 */
		ABSENT,

		/**
		 * Every member valid, at most 32.
		 */
		VALID,

		/**
		 * Valid, but more than 32 members: cut to 32.
		 */
		TRUNCATED,

		/**
		 * A member broke the grammar: the whole list is discarded.
		 */
		MALFORMED

	}

	private static final Tracestate ABSENT = new Tracestate(Status.ABSENT, new String[0], new String[0]);

	private static final Tracestate MALFORMED = new Tracestate(Status.MALFORMED, new String[0], new String[0]);

	private final Status status;

	private final String[] keys;

	private final String[] values;

	private Tracestate(Status status, String[] keys, String[] values) {
		this.status = status;
		this.keys = keys;
		this.values = values;
	}

	/**
	 * Combines the fields of one request, in the order they arrived.
	 * @param fields the field values; {@code null} entries are skipped
	 * @return the combined list
	 */
	static Tracestate combine(Iterable<String> fields) {
		List<String> keys = null;
		List<String> values = null;
		for (String field : fields) {
			if (field == null) {
				continue;
			}
			int length = field.length();
			int start = 0;
			while (start <= length) {
				int end = field.indexOf(',', start);
				if (end < 0) {
					end = length;
				}
				int from = skipWhitespace(field, start, end);
				int to = trimWhitespace(field, from, end);
				if (from < to) {
					int equals = field.indexOf('=', from);
					if (equals < 0 || equals >= to || !isKey(field, from, equals) || !isValue(field, equals + 1, to)) {
						return MALFORMED;
					}
					if (keys == null) {
						keys = new ArrayList<>();
						values = new ArrayList<>();
					}
					keys.add(field.substring(from, equals));
					values.add(field.substring(equals + 1, to));
				}
				start = end + 1;
			}
		}
		if (keys == null) {
			return ABSENT;
		}
		if (keys.size() > 1) {
			dropRepeatedKeys(keys, values);
		}
		if (keys.size() <= MAX_MEMBERS) {
			return new Tracestate(Status.VALID, keys.toArray(new String[0]), values.toArray(new String[0]));
		}
		truncate(keys, values);
		return new Tracestate(Status.TRUNCATED, keys.toArray(new String[0]), values.toArray(new String[0]));
	}

	/**
	 * Combines the given fields, for tests and callers holding an array.
	 */
	static Tracestate combine(String... fields) {
		return combine(List.of(fields));
	}

	private static void dropRepeatedKeys(List<String> keys, List<String> values) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < keys.size(); i++) {
			if (!seen.add(keys.get(i))) {
				keys.remove(i);
				values.remove(i);
				i--;
			}
		}
	}

	private static void truncate(List<String> keys, List<String> values) {
		for (int i = keys.size() - 1; i >= 0 && keys.size() > MAX_MEMBERS; i--) {
			if (keys.get(i).length() + 1 + values.get(i).length() > LONG_MEMBER) {
				keys.remove(i);
				values.remove(i);
			}
		}
		while (keys.size() > MAX_MEMBERS) {
			keys.remove(keys.size() - 1);
			values.remove(values.size() - 1);
		}
	}

	private static int skipWhitespace(String field, int from, int to) {
		while (from < to && isWhitespace(field.charAt(from))) {
			from++;
		}
		return from;
	}

	private static int trimWhitespace(String field, int from, int to) {
		while (to > from && isWhitespace(field.charAt(to - 1))) {
			to--;
		}
		return to;
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	private static boolean isKey(String field, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_KEY_LENGTH) {
			return false;
		}
		char first = field.charAt(from);
		if (!isLowercaseLetter(first) && !isDigit(first)) {
			return false;
		}
		for (int i = from + 1; i < to; i++) {
			char c = field.charAt(i);
			if (!isLowercaseLetter(c) && !isDigit(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@') {
				return false;
			}
		}
		return true;
	}

	private static boolean isValue(String field, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_VALUE_LENGTH) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = field.charAt(i);
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		// trailing spaces were trimmed as optional whitespace, so the last character is no space
		return true;
	}

	private static boolean isLowercaseLetter(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	Status status() {
		return this.status;
	}

	/**
	 * Returns whether there are members to propagate.
	 */
	boolean hasMembers() {
		return this.keys.length > 0;
	}

	int size() {
		return this.keys.length;
	}

	String key(int index) {
		return this.keys[index];
	}

	String value(int index) {
		return this.values[index];
	}

	/**
	 * Returns the value of the key, or {@code null}.
	 */
	String get(String key) {
		for (int i = 0; i < this.keys.length; i++) {
			if (this.keys[i].equals(key)) {
				return this.values[i];
			}
		}
		return null;
	}

	/**
	 * Returns the list as it is propagated: members joined by ',', without whitespace.
	 */
	String headerValue() {
		StringBuilder value = new StringBuilder();
		for (int i = 0; i < this.keys.length; i++) {
			if (i > 0) {
				value.append(',');
			}
			value.append(this.keys[i]).append('=').append(this.values[i]);
		}
		return value.toString();
	}

	@Override
	public String toString() {
		return this.status + "[" + headerValue() + "]";
	}

}
