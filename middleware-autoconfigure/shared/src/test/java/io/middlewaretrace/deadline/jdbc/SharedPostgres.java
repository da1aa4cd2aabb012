package io.middlewaretrace.deadline.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL (real binaries, no Docker) for every test of this JVM that needs one,
 * started on first use and stopped when the JVM exits.
 */
public final class SharedPostgres {

	private static EmbeddedPostgres postgres;

	private SharedPostgres() {
	}

	public static synchronized EmbeddedPostgres get() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			// EmbeddedPostgres stops the server in a shutdown hook of its own: a second hook only
			// raced it at exit
		}
		return postgres;
	}

	public static String jdbcUrl() {
		return get().getJdbcUrl("postgres", "postgres");
	}

}
