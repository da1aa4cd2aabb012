package io.middlewaretrace.deadline.resilience4j;

import io.github.resilience4j.retry.Retry;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * The context of one asynchronous retried call made for a request with a deadline: the real
 * context decides the wait before the next attempt, and this one turns it into "no further
 * attempt" when the request's remaining budget is not longer than that wait, when the deadline
 * passed, or when the failure was a {@link io.middlewaretrace.deadline.DeadlineExceededException}.
 *
 * @param <T> the result type
 */
final class DeadlineAwareRetryAsyncContext<T> implements Retry.AsyncContext<T> {

	private static final long NO_FURTHER_ATTEMPT = -1;

	private final Retry.AsyncContext<T> delegate;

	private final DefaultRequestContext request;

	DeadlineAwareRetryAsyncContext(Retry.AsyncContext<T> delegate, DefaultRequestContext request) {
		this.delegate = delegate;
		this.request = request;
	}

	@Override
	public void onComplete() {
		this.delegate.onComplete();
	}

	@Override
	public long onError(Throwable throwable) {
		if (RequestDeadlines.causedByDeadline(throwable) || RequestDeadlines.isSpent(this.request)) {
			return NO_FURTHER_ATTEMPT;
		}
		return bounded(this.delegate.onError(throwable));
	}

	@Override
	public long onResult(T result) {
		return bounded(this.delegate.onResult(result));
	}

	private long bounded(long waitMillis) {
		if (waitMillis >= 0 && RequestDeadlines.noTimeFor(this.request, waitMillis)) {
			return NO_FURTHER_ATTEMPT;
		}
		return waitMillis;
	}

}
