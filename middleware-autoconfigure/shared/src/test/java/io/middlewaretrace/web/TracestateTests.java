package io.middlewaretrace.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.middlewaretrace.web.Tracestate.Status;

import static org.assertj.core.api.Assertions.assertThat;

class TracestateTests {

	@Test
	void readsTheSpecExampleOfOneVendor() {
		Tracestate tracestate = Tracestate.combine("rojo=00f067aa0ba902b7");
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.get("rojo")).isEqualTo("00f067aa0ba902b7");
		assertThat(tracestate.headerValue()).isEqualTo("rojo=00f067aa0ba902b7");
	}

	@Test
	void readsTheSpecExampleOfTwoVendors() {
		Tracestate tracestate = Tracestate.combine("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.headerValue()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
	}

	@Test
	void combinesSeveralFieldsInTheOrderTheyArrived() {
		Tracestate tracestate = Tracestate.combine("foo=1,bar=2", "rojo=1,congo=2", "baz=3");
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.headerValue()).isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
	}

	@Test
	void isAbsentWithoutFields() {
		assertThat(Tracestate.combine(List.of()).status()).isEqualTo(Status.ABSENT);
		assertThat(Tracestate.combine(Arrays.asList((String) null)).status()).isEqualTo(Status.ABSENT);
	}

	@Test
	void acceptsEmptyFieldsAndIsAbsentWhenAllAreEmpty() {
		assertThat(Tracestate.combine("").status()).isEqualTo(Status.ABSENT);
		assertThat(Tracestate.combine(" \t ", "", ",").status()).isEqualTo(Status.ABSENT);
		assertThat(Tracestate.combine("foo=1", "").headerValue()).isEqualTo("foo=1");
		assertThat(Tracestate.combine("", "foo=1").headerValue()).isEqualTo("foo=1");
	}

	@Test
	void acceptsEmptyAndWhitespaceOnlyMembers() {
		Tracestate tracestate = Tracestate.combine(",foo=1, ,\t,,bar=2,");
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.headerValue()).isEqualTo("foo=1,bar=2");
	}

	@Test
	void ignoresSpacesAndTabsAroundMembers() {
		assertThat(Tracestate.combine("foo=1 \t , \t bar=2, \t baz=3").headerValue()).isEqualTo("foo=1,bar=2,baz=3");
		assertThat(Tracestate.combine("\t foo=1 \t").headerValue()).isEqualTo("foo=1");
	}

	@Test
	void keepsLeadingSpacesOfAValue() {
		assertThat(Tracestate.combine("foo= 1").get("foo")).isEqualTo(" 1");
	}

	@Test
	void acceptsEveryAllowedCharacter() {
		String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
		StringBuilder value = new StringBuilder();
		for (char c = 0x20; c <= 0x7e; c++) {
			if (c != ',' && c != '=') {
				value.append(c);
			}
		}
		assertThat(Tracestate.combine(key + "=" + value).get(key)).isEqualTo(value.toString());
		assertThat(Tracestate.combine(key + "@a-z0-9_-*/=" + value).get(key + "@a-z0-9_-*/"))
			.isEqualTo(value.toString());
	}

	@Test
	void acceptsAtSignsAnywhereButFirstInAKey() {
		assertThat(Tracestate.combine("foo@=1,bar=2").headerValue()).isEqualTo("foo@=1,bar=2");
		assertThat(Tracestate.combine("foo@@bar=1").get("foo@@bar")).isEqualTo("1");
		assertThat(Tracestate.combine("foo@bar@baz=1").get("foo@bar@baz")).isEqualTo("1");
		assertThat(Tracestate.combine("t@" + "v".repeat(15) + "=1").status()).isEqualTo(Status.VALID);
		assertThat(Tracestate.combine("t".repeat(242) + "@v=1").status()).isEqualTo(Status.VALID);
	}

	@Test
	void acceptsKeysOfUpTo256Characters() {
		assertThat(Tracestate.combine("foo=1", "z".repeat(256) + "=1").size()).isEqualTo(2);
		assertThat(Tracestate.combine("t".repeat(241) + "@" + "v".repeat(14) + "=1").status()).isEqualTo(Status.VALID);
	}

	@Test
	void rejectsTheWholeListForAKeyOf257Characters() {
		assertThat(Tracestate.combine("foo=1", "z".repeat(257) + "=1").status()).isEqualTo(Status.MALFORMED);
	}

	@Test
	void acceptsValuesOfUpTo256Characters() {
		assertThat(Tracestate.combine("foo=" + "v".repeat(256)).status()).isEqualTo(Status.VALID);
		assertThat(Tracestate.combine("foo=" + "v".repeat(257)).status()).isEqualTo(Status.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "foo =1", "FOO=1", "foo.bar=1", "@foo=1,bar=2", "_foo=1", "foo=bar=baz", "foo=,bar=3",
			"foo", "=1", "foo=1,bar", "foo=a\tb", "foo=caf\u00e9", "foo=\u0001" })
	void rejectsTheWholeListForAnInvalidMember(String field) {
		Tracestate tracestate = Tracestate.combine(field);
		assertThat(tracestate.status()).isEqualTo(Status.MALFORMED);
		assertThat(tracestate.hasMembers()).isFalse();
	}

	@Test
	void rejectsTheWholeListForAnInvalidMemberInALaterField() {
		Tracestate tracestate = Tracestate.combine("foo=1", "bar=2,BAZ=3");
		assertThat(tracestate.status()).isEqualTo(Status.MALFORMED);
		assertThat(tracestate.headerValue()).isEmpty();
	}

	@Test
	void trimsTrailingWhitespaceOfAValueAsOptionalWhitespace() {
		assertThat(Tracestate.combine("foo=1 ").get("foo")).isEqualTo("1");
		assertThat(Tracestate.combine("foo=1\t").get("foo")).isEqualTo("1");
	}

	@Test
	void keepsTheLeftmostMemberOfARepeatedKey() {
		assertThat(Tracestate.combine("foo=1,foo=2").headerValue()).isEqualTo("foo=1");
		assertThat(Tracestate.combine("foo=1", "bar=2", "foo=3").headerValue()).isEqualTo("foo=1,bar=2");
		assertThat(Tracestate.combine("foo=1,foo=2").status()).isEqualTo(Status.VALID);
	}

	@Test
	void inheritsAll32MembersSpreadOverSeveralFields() {
		Tracestate tracestate = Tracestate.combine(members(1, 10), members(11, 20), members(21, 30), members(31, 32));
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.key(0)).isEqualTo("bar01");
		assertThat(tracestate.key(31)).isEqualTo("bar32");
	}

	@Test
	void cutsA33rdMemberFromTheRightEnd() {
		Tracestate tracestate = Tracestate.combine(members(1, 10), members(11, 20), members(21, 30), members(31, 33));
		assertThat(tracestate.status()).isEqualTo(Status.TRUNCATED);
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.get("bar01")).isEqualTo("01");
		assertThat(tracestate.get("bar32")).isEqualTo("32");
		assertThat(tracestate.get("bar33")).isNull();
	}

	@Test
	void cutsMembersLongerThan128CharactersFirst() {
		String longMember = "long=" + "x".repeat(124);
		assertThat(longMember).hasSize(129);
		Tracestate tracestate = Tracestate.combine(longMember + "," + members(1, 32));
		assertThat(tracestate.status()).isEqualTo(Status.TRUNCATED);
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.get("long")).isNull();
		assertThat(tracestate.get("bar32")).isEqualTo("32");
	}

	@Test
	void keepsAMemberOfExactly128Characters() {
		String member = "edge=" + "x".repeat(123);
		assertThat(member).hasSize(128);
		Tracestate tracestate = Tracestate.combine(member + "," + members(1, 32));
		assertThat(tracestate.get("edge")).isNotNull();
		assertThat(tracestate.get("bar32")).isNull();
		assertThat(tracestate.get("bar31")).isEqualTo("31");
	}

	@Test
	void cutsOnlyAsManyLongMembersAsNeededStartingFromTheRight() {
		String first = "first=" + "x".repeat(130);
		String second = "second=" + "x".repeat(130);
		Tracestate tracestate = Tracestate.combine(first, members(1, 31), second);
		assertThat(tracestate.status()).isEqualTo(Status.TRUNCATED);
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.get("first")).isNotNull();
		assertThat(tracestate.get("second")).isNull();
	}

	@Test
	void cutsRepeatedKeysBeforeCountingMembers() {
		Tracestate tracestate = Tracestate.combine(members(1, 32), "bar01=again");
		assertThat(tracestate.status()).isEqualTo(Status.VALID);
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.get("bar01")).isEqualTo("01");
	}

	@Test
	void cutsAVeryLongListToItsFirst32Members() {
		List<String> fields = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			fields.add("k" + i + "=" + i);
		}
		Tracestate tracestate = Tracestate.combine(String.join(",", fields));
		assertThat(tracestate.size()).isEqualTo(32);
		assertThat(tracestate.key(31)).isEqualTo("k31");
	}

	private static String members(int from, int to) {
		List<String> members = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			String n = (i < 10) ? "0" + i : String.valueOf(i);
			members.add("bar" + n + "=" + n);
		}
		return String.join(",", members);
	}

}
