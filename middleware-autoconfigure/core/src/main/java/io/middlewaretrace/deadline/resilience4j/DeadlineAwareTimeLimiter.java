package io.middlewaretrace.deadline.resilience4j;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.deadline.DeadlineExceededException;

/**
 * A time limiter whose timeout, for a call made on behalf of a request with a deadline, is the
 * shorter of its configured timeout and the request's remaining budget; a call whose budget is
 * already spent is not started and fails with a {@link DeadlineExceededException}. The real
 * time limiter still publishes the outcome (success, error, timeout) to its consumers.
 */
final class DeadlineAwareTimeLimiter extends DelegatingHandler<TimeLimiter> {

	private final String phase;

	private DeadlineAwareTimeLimiter(TimeLimiter delegate) {
		super(delegate);
		this.phase = "timelimiter:" + delegate.getName();
	}

	static TimeLimiter wrap(TimeLimiter timeLimiter) {
		if (timeLimiter == null || isProxy(timeLimiter)) {
			return timeLimiter;
		}
		return proxy(TimeLimiter.class, new DeadlineAwareTimeLimiter(timeLimiter));
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		int arity = (args != null) ? args.length : 0;
		if (!method.isDefault()) {
			String name = method.getName();
			if (arity == 2 && name.equals("decorateCompletionStage")) {
				return decorateCompletionStage((ScheduledExecutorService) args[0],
						(Supplier<CompletionStage<Object>>) args[1]);
			}
			if (arity == 1 && name.equals("decorateFutureSupplier")) {
				return decorateFutureSupplier((Supplier<Future<Object>>) args[0]);
			}
		}
		return forward(proxy, method, args);
	}

	private Supplier<CompletionStage<Object>> decorateCompletionStage(ScheduledExecutorService scheduler,
			Supplier<CompletionStage<Object>> supplier) {
		// the real limiter times out at its configured duration, this one earlier when the
		// budget ends first; the real one sees the early timeout and publishes it
		return this.delegate.decorateCompletionStage(scheduler, () -> {
			DefaultRequestContext request = RequestDeadlines.current();
			if (request == null) {
				return supplier.get();
			}
			Deadline deadline = request.deadline();
			long remaining = deadline.remainingNanos();
			if (remaining == 0) {
				return CompletableFuture.failedFuture(new DeadlineExceededException(this.phase, deadline));
			}
			CompletionStage<Object> stage = supplier.get();
			if (remaining >= configuredTimeoutNanos()) {
				return stage;
			}
			CompletableFuture<Object> future = stage.toCompletableFuture();
			String name = this.delegate.getName();
			ScheduledFuture<?> timeout = scheduler.schedule(() -> {
				if (!future.isDone()) {
					future.completeExceptionally(TimeLimiter.createdTimeoutExceptionWithName(name, null));
				}
			}, remaining, TimeUnit.NANOSECONDS);
			future.whenComplete((result, failure) -> timeout.cancel(false));
			return future;
		});
	}

	private Callable<Object> decorateFutureSupplier(Supplier<Future<Object>> supplier) {
		Callable<Object> decorated = this.delegate.decorateFutureSupplier(supplier);
		return () -> {
			DefaultRequestContext request = RequestDeadlines.current();
			if (request == null) {
				return decorated.call();
			}
			Deadline deadline = request.deadline();
			long remaining = deadline.remainingNanos();
			if (remaining == 0) {
				throw new DeadlineExceededException(this.phase, deadline);
			}
			if (remaining >= configuredTimeoutNanos()) {
				return decorated.call();
			}
			return callWithin(supplier, remaining);
		};
	}

	/**
	 * Does what the real limiter's decorated supplier does, with a shorter timeout.
	 */
	private Object callWithin(Supplier<Future<Object>> supplier, long timeoutNanos) throws Exception {
		Future<Object> future = supplier.get();
		try {
			Object result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
			this.delegate.onSuccess();
			return result;
		}
		catch (TimeoutException ex) {
			TimeoutException timeout = TimeLimiter.createdTimeoutExceptionWithName(this.delegate.getName(), ex);
			this.delegate.onError(timeout);
			if (this.delegate.getTimeLimiterConfig().shouldCancelRunningFuture()) {
				future.cancel(true);
			}
			throw timeout;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause == null) {
				this.delegate.onError(ex);
				throw ex;
			}
			this.delegate.onError(cause);
			if (cause instanceof Error error) {
				throw error;
			}
			throw (Exception) cause;
		}
	}

	private long configuredTimeoutNanos() {
		TimeLimiterConfig config = this.delegate.getTimeLimiterConfig();
		return RequestDeadlines.nanos(config.getTimeoutDuration());
	}

}
