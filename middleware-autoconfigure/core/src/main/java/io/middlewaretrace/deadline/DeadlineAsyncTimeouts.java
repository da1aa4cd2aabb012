package io.middlewaretrace.deadline;

import java.util.concurrent.Callable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.MiddlewareTraceFilter;

/**
 * Ends an async request ({@code Callable}, {@code DeferredResult}, {@code WebAsyncTask}) whose
 * deadline passed while it waited: the {@link DeadlineFilter} shortens the async timeout to the
 * remaining budget, and when it fires this interceptor makes the result a
 * {@link DeadlineExceededException}, which the filter answers with a 504 (Spring MVC's default
 * would be a 503 for an async timeout). A timeout that is not the deadline's is left to Spring
 * MVC and the application.
 *
 * @since 0.1.0
 */
public class DeadlineAsyncTimeouts implements CallableProcessingInterceptor, DeferredResultProcessingInterceptor {

	/**
	 * Stage noted for a request that waits for its async result.
	 */
	public static final String ASYNC_STAGE = "async";

	@Override
	public <T> Object handleTimeout(NativeWebRequest request, Callable<T> task) {
		DeadlineExceededException timeout = deadlineTimeout(request);
		return (timeout != null) ? timeout : RESULT_NONE;
	}

	@Override
	public <T> boolean handleTimeout(NativeWebRequest request, DeferredResult<T> deferredResult) {
		DeadlineExceededException timeout = deadlineTimeout(request);
		if (timeout != null) {
			deferredResult.setErrorResult(timeout);
			return false;
		}
		return true;
	}

	private static DeadlineExceededException deadlineTimeout(NativeWebRequest request) {
		Object attribute = request.getAttribute(MiddlewareTraceFilter.CONTEXT_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (attribute instanceof DefaultRequestContext context && context.deadline() != null
				&& context.deadline().isExpired()) {
			return new DeadlineExceededException(ASYNC_STAGE + " result", context.deadline());
		}
		return null;
	}

}
