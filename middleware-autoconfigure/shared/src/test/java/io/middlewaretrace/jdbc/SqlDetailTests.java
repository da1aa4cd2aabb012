package io.middlewaretrace.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlDetail}.
 */
class SqlDetailTests {

	@Test
	void plainStatementLiteralsAreMasked() {
		assertThat(SqlDetail.masked("select * from owner where name = 'O''Brien' and id = 42 and t2.x = 1.5", 200))
			.isEqualTo("select * from owner where name = '?' and id = ? and t2.x = ?");
	}

	@Test
	void quotedIdentifiersAndNamesWithDigitsAreKept() {
		assertThat(SqlDetail.masked("select \"col 1\" from t1 where v2 > 3", 200))
			.isEqualTo("select \"col 1\" from t1 where v2 > ?");
	}

	@Test
	void longSqlIsCut() {
		assertThat(SqlDetail.masked("select abcdefghij from t", 10)).isEqualTo("select abc...");
		assertThat(SqlDetail.prepared("select abcdefghij from t where x = ?", 10)).isEqualTo("select abc...");
		assertThat(SqlDetail.prepared("select 1", 10)).isEqualTo("select 1");
	}

	@Test
	void unterminatedLiteralIsMaskedToTheEnd() {
		assertThat(SqlDetail.masked("select 'secret", 200)).isEqualTo("select '?'");
	}

}
