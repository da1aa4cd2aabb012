package io.middlewaretrace.deadline.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL (real binaries, no Docker) for every test of this JVM that needs one,
 * started on first use and stopped when the JVM exits.
 */
final class SharedPostgres {

	private static EmbeddedPostgres postgres;

	private SharedPostgres() {
	}

	static synchronized EmbeddedPostgres get() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			EmbeddedPostgres started = postgres;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is exiting anyway
				}
			}));
		}
		return postgres;
	}

	static String jdbcUrl() {
		return get().getJdbcUrl("postgres", "postgres");
	}

}
