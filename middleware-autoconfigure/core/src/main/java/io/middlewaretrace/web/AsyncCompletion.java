package io.middlewaretrace.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.middlewaretrace.context.DefaultRequestContext;

/**
 * Completes an async request when its async cycle completes, with the status the client got.
 */
final class AsyncCompletion implements AsyncListener {

	static final String ATTRIBUTE = AsyncCompletion.class.getName();

	private final RequestCompletion completion;

	private final DefaultRequestContext context;

	AsyncCompletion(RequestCompletion completion, DefaultRequestContext context) {
		this.completion = completion;
		this.context = context;
	}

	@Override
	public void onComplete(AsyncEvent event) {
		HttpServletResponse response = (event.getSuppliedResponse() instanceof HttpServletResponse http) ? http
				: null;
		HttpServletRequest request = (event.getSuppliedRequest() instanceof HttpServletRequest http) ? http : null;
		this.completion.complete(this.context, (response != null) ? response.getStatus() : 500, request, response);
	}

	@Override
	public void onTimeout(AsyncEvent event) {
	}

	@Override
	public void onError(AsyncEvent event) {
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		// a new async cycle replaces the listeners: stay registered for it
		event.getAsyncContext().addListener(this);
	}

}
