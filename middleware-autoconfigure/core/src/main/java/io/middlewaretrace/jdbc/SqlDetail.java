package io.middlewaretrace.jdbc;

/**
 * The SQL a {@link StatementExecution} shows its listeners: never a parameter value. Prepared
 * SQL carries {@code ?} in place of values and is only shortened; the SQL of a plain statement
 * may embed values, so its string literals become {@code '?'} and its numbers {@code ?} in one
 * pass that stops at the length limit.
 */
final class SqlDetail {

	private SqlDetail() {
	}

	/**
	 * Returns prepared SQL cut to {@code maxLength} characters.
	 * @param sql the SQL, may be {@code null}
	 * @param maxLength the limit
	 * @return the detail
	 */
	static String prepared(String sql, int maxLength) {
		if (sql == null || sql.length() <= maxLength) {
			return sql;
		}
		return sql.substring(0, maxLength) + "...";
	}

	/**
	 * Returns the SQL of a plain statement with its literals masked, cut to {@code maxLength}
	 * characters of output.
	 * @param sql the SQL, may be {@code null}
	 * @param maxLength the limit
	 * @return the detail
	 */
	static String masked(String sql, int maxLength) {
		if (sql == null) {
			return null;
		}
		int length = sql.length();
		StringBuilder out = new StringBuilder(Math.min(length, maxLength) + 3);
		int i = 0;
		while (i < length && out.length() < maxLength) {
			char c = sql.charAt(i);
			if (c == '\'') {
				i = skipQuoted(sql, i + 1, '\'');
				out.append("'?'");
			}
			else if (c == '"') {
				// a quoted identifier, kept as it is
				int end = skipQuoted(sql, i + 1, '"');
				out.append(sql, i, Math.min(end, i + maxLength - out.length()));
				i = end;
			}
			else if (isDigit(c) && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
				i++;
				while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
					i++;
				}
				out.append('?');
			}
			else {
				out.append(c);
				i++;
			}
		}
		if (i < length) {
			out.append("...");
		}
		return out.toString();
	}

	/**
	 * Returns the index after the closing quote, doubled quotes being part of the literal.
	 */
	private static int skipQuoted(String sql, int from, char quote) {
		int i = from;
		int length = sql.length();
		while (i < length) {
			if (sql.charAt(i) == quote) {
				if (i + 1 < length && sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return length;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$';
	}

}
