package io.middlewaretrace.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Adds the request's trace id, as property {@code traceId}, to every {@link ProblemDetail} body
 * Spring MVC writes: those of Spring MVC's own exceptions when the application turned problem
 * details on ({@code spring.mvc.problemdetails.enabled}), and those of the application's own
 * handlers (a {@code ProblemDetail}, an {@code ErrorResponse}, a
 * {@code ResponseEntity<ProblemDetail>}), so that a caller can quote it. A {@code traceId} the
 * application set is kept.
 *
 * @since 0.1.0
 */
@ControllerAdvice
public class ProblemDetailTraceIdAdvice implements ResponseBodyAdvice<Object> {

	/**
	 * Name of the problem property carrying the trace id.
	 */
	public static final String PROPERTY = "traceId";

	/**
	 * Whether a body of the method's declared return type can be a {@link ProblemDetail} (or an
	 * application's subclass of it): not for a {@code String}, a {@code byte[]} or another
	 * application type, which are most bodies, so the advice is not called for them at all.
	 */
	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		Class<?> type = returnType.nestedIfOptional().getNestedParameterType();
		return type.isAssignableFrom(ProblemDetail.class) || ProblemDetail.class.isAssignableFrom(type)
				|| HttpEntity.class.isAssignableFrom(type) || ErrorResponse.class.isAssignableFrom(type);
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem) {
			DefaultRequestContext context = RequestContextHolder.get();
			if (context != null && context.traceId() != null
					&& (problem.getProperties() == null || !problem.getProperties().containsKey(PROPERTY))) {
				problem.setProperty(PROPERTY, context.traceId());
			}
		}
		return body;
	}

}
