package io.middlewaretrace.deadline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing of inbound timeout header values: valid budgets in nanoseconds, and each kind of bad
 * value rejected with its reason.
 */
class TimeoutHeaderTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "1|1000000", "250|250000000", " 30000 |30000000000",
			"9223372036854|9223372036854000000" })
	void readsIntegerMilliseconds(String value, long nanos) {
		assertThat(TimeoutHeader.parseMillis(value)).isEqualTo(nanos);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL",
			value = { "''|EMPTY", "'   '|EMPTY", "NULL|EMPTY", "abc|NON_NUMERIC", "12ms|NON_NUMERIC", "+5|NON_NUMERIC",
					"0x10|NON_NUMERIC", "-5|NEGATIVE", "-0.5|NEGATIVE", "-|NON_NUMERIC", "0|ZERO", "000|ZERO",
					"1.5|FRACTIONAL", "1.|NON_NUMERIC", "9223372036855|OVERFLOW",
					"99999999999999999999|OVERFLOW", "123456789012345678901|TOO_LONG", "1e3|NON_NUMERIC" })
	void rejectsBadMilliseconds(String value, TimeoutHeader.Problem problem) {
		assertThat(TimeoutHeader.parseMillis(value)).isEqualTo(-1L - problem.ordinal());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "100m|100000000", "2S|2000000000", "1M|60000000000", "1H|3600000000000",
			"500u|500000", "750n|750", "99999999M|5999999940000000000" })
	void readsGrpcTimeouts(String value, long nanos) {
		assertThat(TimeoutHeader.parseGrpc(value)).isEqualTo(nanos);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "''|EMPTY", "100|NON_NUMERIC", "100x|NON_NUMERIC", "m|NON_NUMERIC",
			"-1S|NEGATIVE", "0m|ZERO", "1.5S|FRACTIONAL", "123456789S|TOO_LONG", "99999999H|OVERFLOW" })
	void rejectsBadGrpcTimeouts(String value, TimeoutHeader.Problem problem) {
		assertThat(TimeoutHeader.parseGrpc(value)).isEqualTo(-1L - problem.ordinal());
	}

}
