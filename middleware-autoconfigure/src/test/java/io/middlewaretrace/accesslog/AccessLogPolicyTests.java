package io.middlewaretrace.accesslog;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessLogPolicyTests {

	private static final Duration SLOW = Duration.ofMillis(500);

	private final AccessLogPolicy policy = new AccessLogPolicy(1.0,
			Map.of("/api/owners/{id}", 0.1, "/api/noisy", 0.0), SLOW, true);

	@Test
	void logsEveryRequestOfARouteWithoutARate() {
		assertThat(this.policy.shouldLog(completed("/api/other", null, 200, 1))).isTrue();
	}

	@Test
	void belowOneTheTracesSampledFlagDecides() {
		assertThat(this.policy.shouldLog(completed("/api/owners/{id}", true, 200, 1))).isTrue();
		assertThat(this.policy.shouldLog(completed("/api/owners/{id}", false, 200, 1))).isFalse();
	}

	@Test
	void withoutATraceARandomDrawAtTheRateDecides() {
		int logged = 0;
		for (int i = 0; i < 10_000; i++) {
			if (this.policy.shouldLog(completed("/api/owners/{id}", null, 200, 1))) {
				logged++;
			}
		}
		assertThat(logged).isBetween(700, 1300);
	}

	@Test
	void rateZeroLogsNothingButFailuresAndSlowRequests() {
		assertThat(this.policy.shouldLog(completed("/api/noisy", true, 200, 1))).isFalse();
		assertThat(this.policy.shouldLog(completed("/api/noisy", false, 503, 1))).isTrue();
		assertThat(this.policy.shouldLog(completed("/api/noisy", false, 200, SLOW.toMillis()))).isTrue();
	}

	@Test
	void excludedRequestsAreLoggedOnlyWhenFailingOrSlow() {
		RequestContext health = context("/actuator/health", null);
		health.excludedFromAccessLog(true);
		health.complete(200, health.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(health)).isFalse();
		RequestContext failingHealth = context("/actuator/health", null);
		failingHealth.excludedFromAccessLog(true);
		failingHealth.complete(500, failingHealth.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(failingHealth)).isTrue();
	}

	@Test
	void staticResourcesAreLeftOutOnlyWhileTheySucceed() {
		RequestContext served = context("/**", null);
		served.staticResource(true);
		served.complete(200, served.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(served)).isFalse();
		RequestContext missing = context("/**", null);
		missing.staticResource(true);
		missing.complete(404, missing.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(missing)).isTrue();
	}

	@Test
	void rejectsRatesOutsideZeroToOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AccessLogPolicy(-0.1, Map.of(), SLOW, true))
			.withMessageContaining("-0.1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccessLogPolicy(1.0, Map.of("/x", Double.NaN), SLOW, true))
			.withMessageContaining("/x");
	}

	private static RequestContext completed(String route, Boolean sampled, int status, long millis) {
		RequestContext context = context(route, sampled);
		context.complete(status, context.startNanos() + Duration.ofMillis(millis).toNanos());
		return context;
	}

	private static RequestContext context(String route, Boolean sampled) {
		RequestContext context = RequestContext.builder("GET")
			.trace((sampled != null) ? "4bf92f3577b34da6a3ce929d0e0e4736" : null,
					(sampled != null) ? "00f067aa0ba902b7" : null, sampled)
			.build();
		context.routePattern(route);
		return context;
	}

}
