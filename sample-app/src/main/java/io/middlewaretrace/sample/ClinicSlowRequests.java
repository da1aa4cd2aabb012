package io.middlewaretrace.sample;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.context.AttachmentKey;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.RequestParticipant;

/**
 * The clinic's own request participant: counts slow requests per route and per API version, the
 * version being what the clinic's {@code ApiVersionInterceptor} attached to the request's
 * context. It shows the two extension points a service uses for its own per-request data: an
 * {@link AttachmentKey} and a {@link RequestParticipant}.
 */
@Configuration(proxyBeanMethods = false)
class ClinicSlowRequests {

	/**
	 * The API version a request was served with, attached by the clinic's interceptor.
	 */
	static final AttachmentKey<String> API_VERSION = AttachmentKey.of("clinic.api-version", String.class);

	@Bean
	RequestParticipant clinicSlowRequestCounter(MeterRegistry registry, ClinicProperties properties) {
		long thresholdNanos = properties.slowRequestThreshold().toNanos();
		return new RequestParticipant() {

			@Override
			public void requestCompleted(DefaultRequestContext context, HttpServletRequest request,
					HttpServletResponse response) {
				if (context.durationNanos() >= thresholdNanos) {
					String version = context.attachment(API_VERSION);
					registry.counter("clinic.requests.slow", "route", context.route(), "api_version",
							(version != null) ? version : "none")
						.increment();
				}
			}

		};
	}

}
