package io.middlewaretrace.leak;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.middlewaretrace.testapp.StackBorrower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StackFramesTests {

	@Test
	void aCapturedCallSitePutsApplicationFramesFirstAndHidesTheStarter() {
		// this test class is in the starter's own package, hidden like the starter
		List<String> frames = new StackBorrower().borrow();
		assertThat(frames).hasSize(6);
		assertThat(frames.get(0)).startsWith("io.middlewaretrace.testapp.StackBorrower.borrow(StackBorrower.java:");
		assertThat(frames).noneMatch((frame) -> frame.startsWith("io.middlewaretrace.leak."));
		int firstFramework = indexOfFirstFramework(frames);
		assertThat(firstFramework).isEqualTo(1);
		assertThat(frames.subList(firstFramework, frames.size()))
			.allMatch((frame) -> !StackFrames.isApplicationClass(frame.substring(0, frame.indexOf('('))));
	}

	@Test
	void capturedStacksAreTrimmedToTheLimit() {
		StackTraceElement[] stack = { frame("org.springframework.jdbc.core.JdbcTemplate", "execute"),
				frame("jdk.proxy2.$Proxy12", "getConnection"), frame("com.acme.OwnerRepository", "find"),
				frame("io.middlewaretrace.deadline.jdbc.DeadlineAwareDataSource", "getConnection"),
				frame("com.acme.OwnerController", "owner"), frame("java.lang.Thread", "run") };
		assertThat(StackFrames.of(stack, 3)).containsExactly("com.acme.OwnerRepository.find(Acme.java:7)",
				"com.acme.OwnerController.owner(Acme.java:7)",
				"org.springframework.jdbc.core.JdbcTemplate.execute(Acme.java:7)");
		assertThat(StackFrames.of(stack, 1)).containsExactly("com.acme.OwnerRepository.find(Acme.java:7)");
	}

	@Test
	void sampleAppClassesAreApplicationClasses() {
		assertThat(StackFrames.isApplicationClass("io.middlewaretrace.sample.OwnerController")).isTrue();
		assertThat(StackFrames.isApplicationClass("io.middlewaretrace.web.MiddlewareTraceFilter")).isFalse();
		assertThat(StackFrames.isApplicationClass("com.zaxxer.hikari.pool.HikariPool")).isFalse();
	}

	@Test
	void aLimitBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> StackFrames.of(StackFrames.capture(), 0));
	}

	private static int indexOfFirstFramework(List<String> frames) {
		for (int i = 0; i < frames.size(); i++) {
			String frame = frames.get(i);
			if (!StackFrames.isApplicationClass(frame.substring(0, frame.indexOf('(')))) {
				return i;
			}
		}
		return -1;
	}

	private static StackTraceElement frame(String className, String method) {
		return new StackTraceElement(className, method, "Acme.java", 7);
	}

}
