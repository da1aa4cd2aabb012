package io.middlewaretrace.deadline;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * Stops a handler that returned after its request's deadline from writing its body: Spring MVC
 * writes and flushes a {@code @ResponseBody} or {@code ResponseEntity} before any filter sees it
 * again, which would commit a late 200 that the {@link DeadlineFilter} can no longer replace
 * with a 504. Throws {@link DeadlineExceededException} instead, which the filter answers.
 *
 * @since 0.1.0
 */
@ControllerAdvice
public class DeadlineResponseBodyAdvice implements ResponseBodyAdvice<Object> {

	/**
	 * Phase named when a late handler is stopped before its body is written.
	 */
	public static final String PHASE = "handler";

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		DefaultRequestContext context = RequestContextHolder.get();
		Deadline deadline = (context != null) ? context.deadline() : null;
		if (deadline != null && deadline.isExpired() && DeadlineGuard.isUndecided(context)) {
			DeadlineGuard.expireNow(context);
			throw new DeadlineExceededException(PHASE + " response", deadline);
		}
		return body;
	}

}
