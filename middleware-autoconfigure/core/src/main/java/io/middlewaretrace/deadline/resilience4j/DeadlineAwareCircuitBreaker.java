package io.middlewaretrace.deadline.resilience4j;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.deadline.DeadlineExceededException;

/**
 * A circuit breaker that refuses a call whose request's budget is already spent without asking
 * the real breaker (no call recorded, no half-open permit taken), and releases an error that
 * came while or after the request's deadline passed as ignored: the downstream was not at fault
 * when our own caller ran out of time. Other calls, and calls outside a request, reach the real
 * breaker untouched.
 */
final class DeadlineAwareCircuitBreaker extends DelegatingHandler<CircuitBreaker> {

	private final String phase;

	private DeadlineAwareCircuitBreaker(CircuitBreaker delegate) {
		super(delegate);
		this.phase = "circuitbreaker:" + delegate.getName();
	}

	static CircuitBreaker wrap(CircuitBreaker breaker) {
		if (breaker == null || isProxy(breaker)) {
			return breaker;
		}
		return proxy(CircuitBreaker.class, new DeadlineAwareCircuitBreaker(breaker));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		int arity = (args != null) ? args.length : 0;
		String name = method.getName();
		if (arity == 0 && name.equals("acquirePermission")) {
			Deadline spent = RequestDeadlines.spent();
			if (spent != null) {
				throw new DeadlineExceededException(this.phase, spent);
			}
		}
		else if (arity == 0 && name.equals("tryAcquirePermission")) {
			if (RequestDeadlines.spent() != null) {
				return false;
			}
		}
		else if (arity == 3 && name.equals("onError")) {
			if (isOurLateness((Throwable) args[2])) {
				this.delegate.releasePermission();
				return null;
			}
		}
		else if (arity == 1 && name.equals("executeCompletionStage")) {
			Deadline spent = RequestDeadlines.spent();
			if (spent != null) {
				return CompletableFuture.failedFuture(new DeadlineExceededException(this.phase, spent));
			}
		}
		else if (arity == 1 && name.equals("decorateCompletionStage")) {
			return refusingWhenSpent(forward(proxy, method, args));
		}
		return forward(proxy, method, args);
	}

	private boolean isOurLateness(Throwable failure) {
		return RequestDeadlines.causedByDeadline(failure) || RequestDeadlines.spent() != null;
	}

	@SuppressWarnings("unchecked")
	private Supplier<CompletionStage<Object>> refusingWhenSpent(Object decorated) {
		Supplier<CompletionStage<Object>> supplier = (Supplier<CompletionStage<Object>>) decorated;
		// the static decorator only knows CallNotPermittedException: refuse with our own first
		return () -> {
			Deadline spent = RequestDeadlines.spent();
			if (spent != null) {
				return CompletableFuture.failedFuture(new DeadlineExceededException(this.phase, spent));
			}
			return supplier.get();
		};
	}

}
