package io.middlewaretrace.deadline.resilience4j;

import java.lang.reflect.Method;

import io.github.resilience4j.retry.Retry;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * A retry whose attempts, started on behalf of a request with a deadline, stop when the budget
 * is spent or too short for the wait before the next attempt, and which never retries a
 * {@link io.middlewaretrace.deadline.DeadlineExceededException}. Outside a request the real
 * retry's contexts are handed out untouched.
 */
final class DeadlineAwareRetry extends DelegatingHandler<Retry> {

	private DeadlineAwareRetry(Retry delegate) {
		super(delegate);
	}

	static Retry wrap(Retry retry) {
		if (retry == null || isProxy(retry)) {
			return retry;
		}
		return proxy(Retry.class, new DeadlineAwareRetry(retry));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (args == null || args.length == 0) {
			String name = method.getName();
			if (name.equals("context")) {
				DefaultRequestContext request = RequestDeadlines.current();
				Retry.Context<Object> context = this.delegate.context();
				return (request != null) ? new DeadlineAwareRetryContext<>(context, request, this.delegate) : context;
			}
			if (name.equals("asyncContext")) {
				// captured here, on the caller's thread: attempts complete on other threads
				DefaultRequestContext request = RequestDeadlines.current();
				Retry.AsyncContext<Object> context = this.delegate.asyncContext();
				return (request != null) ? new DeadlineAwareRetryAsyncContext<>(context, request) : context;
			}
		}
		return forward(proxy, method, args);
	}

}
