package io.middlewaretrace.deadline.resilience4j;

import java.util.function.Predicate;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;

/**
 * The context of one synchronous retried call made for a request with a deadline. Before the
 * real context waits for the next attempt, it works out that wait with the retry's own interval
 * function and gives up, throwing the last failure as it is, when the remaining budget is not
 * longer than the wait; the real context, which would count the attempt, is then not told. The
 * wait itself is a {@code resilience4j.retry} phase of the request.
 *
 * @param <T> the result type
 */
final class DeadlineAwareRetryContext<T> implements Retry.Context<T> {

	private static final int STOP = 0;

	private static final int WAIT = 1;

	private static final int DELEGATE = 2;

	private final Retry.Context<T> delegate;

	private final DefaultRequestContext request;

	private final Retry retry;

	private final RetryConfig config;

	// failed attempts so far, counted as the real context counts them (one thread per call)
	private int attempts;

	DeadlineAwareRetryContext(Retry.Context<T> delegate, DefaultRequestContext request, Retry retry) {
		this.delegate = delegate;
		this.request = request;
		this.retry = retry;
		this.config = retry.getRetryConfig();
	}

	@Override
	public void onComplete() {
		this.delegate.onComplete();
	}

	@Override
	public boolean onResult(T result) {
		Predicate<T> retryOnResult = this.config.getResultPredicate();
		if (retryOnResult == null || !retryOnResult.test(result)) {
			return this.delegate.onResult(result);
		}
		if (RequestDeadlines.isSpent(this.request)) {
			return false;
		}
		boolean last = this.attempts + 1 >= this.config.getMaxAttempts();
		if (!last && noTimeForAnotherAttempt(Either.right(result))) {
			return false;
		}
		this.attempts++;
		Phase wait = last ? null : startWait();
		boolean again;
		try {
			again = this.delegate.onResult(result);
		}
		finally {
			end(wait);
		}
		return again && !RequestDeadlines.isSpent(this.request);
	}

	@Override
	public void onError(Exception exception) throws Exception {
		int next = next(exception);
		if (next == STOP) {
			throw exception;
		}
		Phase wait = (next == WAIT) ? startWait() : null;
		try {
			this.delegate.onError(exception);
		}
		finally {
			end(wait);
		}
		if (RequestDeadlines.isSpent(this.request)) {
			throw exception;
		}
	}

	@Override
	public void onRuntimeError(RuntimeException exception) {
		int next = next(exception);
		if (next == STOP) {
			throw exception;
		}
		Phase wait = (next == WAIT) ? startWait() : null;
		try {
			this.delegate.onRuntimeError(exception);
		}
		finally {
			end(wait);
		}
		if (RequestDeadlines.isSpent(this.request)) {
			throw exception;
		}
	}

	/**
	 * Returns what follows {@code failure}: {@link #STOP} (no further attempt, whatever the
	 * real context would do), {@link #WAIT} (the real context waits for another attempt, counted
	 * here as it counts it) or {@link #DELEGATE} (the real context throws by itself).
	 */
	private int next(Exception failure) {
		if (RequestDeadlines.causedByDeadline(failure) || RequestDeadlines.isSpent(this.request)) {
			return STOP;
		}
		if (!this.config.getExceptionPredicate().test(failure)) {
			return DELEGATE;
		}
		if (this.attempts + 1 >= this.config.getMaxAttempts()) {
			// the real context gives up by itself
			this.attempts++;
			return DELEGATE;
		}
		if (noTimeForAnotherAttempt(Either.left(failure))) {
			return STOP;
		}
		this.attempts++;
		return WAIT;
	}

	/**
	 * Returns whether the budget cannot cover the wait before the attempt after the next
	 * failed one, as the retry's interval function (randomized or not) puts it.
	 */
	private boolean noTimeForAnotherAttempt(Either<Throwable, T> outcome) {
		IntervalBiFunction<T> interval = this.config.getIntervalBiFunction();
		Long wait = interval.apply(this.attempts + 1, outcome);
		return wait != null && RequestDeadlines.noTimeFor(this.request, wait);
	}

	private static void end(Phase wait) {
		if (wait != null) {
			wait.end(Phase.OK);
		}
	}

	private Phase startWait() {
		return this.request.phases().start("resilience4j.retry", this.retry.getName());
	}

}
