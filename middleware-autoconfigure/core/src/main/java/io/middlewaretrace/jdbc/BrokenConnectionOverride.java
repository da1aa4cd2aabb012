package io.middlewaretrace.jdbc;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Hikari's hook on every {@link SQLException} a pooled connection's proxies see, composed with
 * the application's own override: it answers what the application's override answers (or
 * Hikari's default), and tells a listener when Hikari will evict the connection as broken. In
 * HikariCP 6 the hook runs before Hikari's own check for each exception of the chain; a
 * connection is broken when the override says {@code MUST_EVICT}, or when it does not say
 * {@code DO_NOT_EVICT} and the SQL state is of class 08 (connection exception) or one of the
 * states and vendor codes Hikari treats alike, listed here as in Hikari's {@code ProxyConnection}.
 */
final class BrokenConnectionOverride implements SQLExceptionOverride {

	private static final String[] BROKEN_STATES = { "0A000", "57P01", "57P02", "57P03", "01002", "JZ0C0", "JZ0C1" };

	private static final int[] BROKEN_CODES = { 500150, 2399, 1105 };

	private final SQLExceptionOverride delegate;

	private final Runnable listener;

	BrokenConnectionOverride(SQLExceptionOverride delegate, Runnable listener) {
		this.delegate = delegate;
		this.listener = listener;
	}

	@java.lang.Override
	public Override adjudicate(SQLException sqlException) {
		Override answer = (this.delegate != null) ? this.delegate.adjudicate(sqlException) : Override.CONTINUE_EVICT;
		if (answer == Override.MUST_EVICT || (answer != Override.DO_NOT_EVICT && isBroken(sqlException))) {
			try {
				this.listener.run();
			}
			catch (RuntimeException ex) {
				// the application's statement failed already: ours must not change how
			}
		}
		return answer;
	}

	static boolean isBroken(SQLException ex) {
		String state = ex.getSQLState();
		if (state != null) {
			if (state.startsWith("08")) {
				return true;
			}
			for (String broken : BROKEN_STATES) {
				if (broken.equals(state)) {
					return true;
				}
			}
		}
		int code = ex.getErrorCode();
		for (int broken : BROKEN_CODES) {
			if (broken == code) {
				return true;
			}
		}
		return false;
	}

}
