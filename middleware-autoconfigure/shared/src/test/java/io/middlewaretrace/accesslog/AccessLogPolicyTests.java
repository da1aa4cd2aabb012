package io.middlewaretrace.accesslog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.DefaultRequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessLogPolicyTests {

	private static final Duration SLOW = Duration.ofMillis(500);

	// low 64 bits near 0: within any rate above 0
	private static final String LOW_TRACE_ID = "4bf92f3577b34da60000000000000001";

	// low 64 bits near Long.MAX_VALUE: within no rate below 1
	private static final String HIGH_TRACE_ID = "4bf92f3577b34da67ffffffffffffffe";

	private final AccessLogPolicy policy = new AccessLogPolicy(1.0,
			Map.of("/api/owners/{id}", 0.1, "/api/noisy", 0.0), SLOW, true);

	@Test
	void logsEveryRequestOfARouteWithoutARate() {
		assertThat(this.policy.shouldLog(completed("/api/other", null, 200, 1))).isTrue();
	}

	@Test
	void belowOneAnUnsampledTraceIsNeverLogged() {
		assertThat(this.policy.shouldLog(completed("/api/owners/{id}", LOW_TRACE_ID, false, 200, 1))).isFalse();
	}

	@Test
	void belowOneASampledTraceIsLoggedWhenItsIdFallsWithinTheRate() {
		assertThat(this.policy.shouldLog(completed("/api/owners/{id}", LOW_TRACE_ID, true, 200, 1))).isTrue();
		assertThat(this.policy.shouldLog(completed("/api/owners/{id}", HIGH_TRACE_ID, true, 200, 1))).isFalse();
	}

	@Test
	void decidesLikeOpenTelemetrysTraceIdRatioSamplerSoServicesAndTracesAgree() {
		for (double rate : new double[] { 0.01, 0.1, 0.25, 0.5, 0.9 }) {
			Sampler sampler = Sampler.traceIdRatioBased(rate);
			int agreed = 0;
			for (int i = 0; i < 2_000; i++) {
				String traceId = IdGenerator.random().generateTraceId();
				boolean traced = sampler
					.shouldSample(Context.root(), traceId, "GET", SpanKind.SERVER, Attributes.empty(), List.of())
					.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
				if (AccessLogPolicy.traceIdWithin(traceId, rate) == traced) {
					agreed++;
				}
			}
			assertThat(agreed).as("rate " + rate).isEqualTo(2_000);
		}
	}

	@Test
	void aTraceIdThatIsNotHexFallsBackToARandomDraw() {
		assertThat(AccessLogPolicy.traceIdWithin("not-a-trace-id", 1.0)).isTrue();
		assertThat(AccessLogPolicy.traceIdWithin("x", 0.0)).isFalse();
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
		DefaultRequestContext health = context("/actuator/health", null);
		AccessLogPolicy.exclude(health);
		health.complete(200, health.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(health)).isFalse();
		DefaultRequestContext failingHealth = context("/actuator/health", null);
		AccessLogPolicy.exclude(failingHealth);
		failingHealth.complete(500, failingHealth.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(failingHealth)).isTrue();
	}

	@Test
	void staticResourcesAreLeftOutOnlyWhileTheySucceed() {
		DefaultRequestContext served = context("/**", null);
		served.staticResource(true);
		served.complete(200, served.startNanos() + 1_000_000);
		assertThat(this.policy.shouldLog(served)).isFalse();
		DefaultRequestContext missing = context("/**", null);
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

	private static DefaultRequestContext completed(String route, Boolean sampled, int status, long millis) {
		return completed(route, LOW_TRACE_ID, sampled, status, millis);
	}

	private static DefaultRequestContext completed(String route, String traceId, Boolean sampled, int status, long millis) {
		DefaultRequestContext context = context(route, traceId, sampled);
		context.complete(status, context.startNanos() + Duration.ofMillis(millis).toNanos());
		return context;
	}

	private static DefaultRequestContext context(String route, Boolean sampled) {
		return context(route, LOW_TRACE_ID, sampled);
	}

	private static DefaultRequestContext context(String route, String traceId, Boolean sampled) {
		DefaultRequestContext context = DefaultRequestContext.builder("GET")
			.trace((sampled != null) ? traceId : null, (sampled != null) ? "00f067aa0ba902b7" : null, sampled)
			.build();
		context.routePattern(route);
		return context;
	}

}
