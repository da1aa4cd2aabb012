package io.middlewaretrace.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathExclusionsTests {

	private final PathExclusions exclusions = PathExclusions.of(List.of("/actuator/health", "/actuator/health/**",
			"/internal/{name}/status"));

	@Test
	void matchesPatternsAgainstThePathWithinTheApplication() {
		assertThat(this.exclusions.matches(request("", "/actuator/health"))).isTrue();
		assertThat(this.exclusions.matches(request("", "/actuator/health/liveness"))).isTrue();
		assertThat(this.exclusions.matches(request("/clinic", "/clinic/actuator/health"))).isTrue();
		assertThat(this.exclusions.matches(request("", "/internal/db/status"))).isTrue();
	}

	@Test
	void doesNotMatchOtherPaths() {
		assertThat(this.exclusions.matches(request("", "/actuator/healthy"))).isFalse();
		assertThat(this.exclusions.matches(request("", "/api/owners/1"))).isFalse();
		assertThat(this.exclusions.matches(request("/clinic", "/clinic/api/actuator/health"))).isFalse();
		assertThat(this.exclusions.matches(request("", "/internal/db/other"))).isFalse();
	}

	@Test
	void noneMatchesNothing() {
		assertThat(PathExclusions.none().matches(request("", "/actuator/health"))).isFalse();
		assertThat(PathExclusions.of(List.of()).matches(request("", "/"))).isFalse();
	}

	@Test
	void namesTheInvalidPattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathExclusions.of(List.of("/ok", "/a/**/b")))
			.withMessageContaining("'/a/**/b'");
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
