package io.middlewaretrace.deadline.http;

import java.io.IOException;

import org.springframework.http.client.ClientHttpResponse;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.deadline.DeadlineBlame;
import io.middlewaretrace.deadline.DeadlineState;

/**
 * One outbound call in flight: its phases, and the deadline action that interrupts the calling
 * thread while it waits for the response, and closes the response stream of a client whose
 * stream can be closed from another thread without blocking (the JDK client's, as Spring's own
 * read timeout does), which ends a read blocked on a body still coming. The interrupt is
 * delivered only between the call's start and its end, and cleared at its end, so it never
 * reaches later work of that thread.
 */
final class OutboundCall implements Runnable {

	private final DefaultRequestContext context;

	private final Deadline deadline;

	private final Thread thread;

	private final Phase call;

	private final DeadlineHook hook;

	private Phase body;

	private ClientHttpResponse closeOnDeadline;

	private boolean ended;

	private boolean interrupted;

	private volatile boolean aborted;

	OutboundCall(DefaultRequestContext context, Deadline deadline, Phase call) {
		this.context = context;
		this.deadline = deadline;
		this.thread = Thread.currentThread();
		this.call = call;
		this.hook = context.onDeadline(this);
	}

	/**
	 * The deadline passed (on the watchdog's thread).
	 */
	@Override
	public void run() {
		ClientHttpResponse response;
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.aborted = true;
			this.interrupted = true;
			response = this.closeOnDeadline;
			// inside the lock: end() must not clear the flag before it is set, which would leave
			// the interrupt on the thread for whatever it does next
			this.thread.interrupt();
		}
		if (response != null) {
			try {
				response.getBody().close();
			}
			catch (IOException | RuntimeException ex) {
				// the reader fails either way: the stream is gone
			}
		}
	}

	/**
	 * The response headers arrived.
	 * @param body the phase of reading the body
	 * @param closeOnDeadline the response whose stream to close if the deadline passes while it
	 * is read, or {@code null}
	 */
	void responded(Phase body, ClientHttpResponse closeOnDeadline) {
		synchronized (this) {
			this.body = body;
			this.closeOnDeadline = closeOnDeadline;
		}
	}

	/**
	 * The call ended: its response was closed, or it failed.
	 * @param outcome how it ended, unless the deadline passed
	 * @return whether the deadline had passed
	 */
	boolean end(String outcome) {
		Phase body;
		boolean clear;
		synchronized (this) {
			if (this.ended) {
				return this.aborted;
			}
			this.ended = true;
			body = this.body;
			clear = this.interrupted && Thread.currentThread() == this.thread;
		}
		this.hook.close();
		if (clear) {
			Thread.interrupted();
		}
		boolean late = this.aborted || this.deadline.isExpired();
		if (late) {
			// the client's own timeout can beat the watchdog by a hair: blame this call either way
			String phase = DeadlineBlame.phaseAtDeadline(this.context);
			DeadlineState.markTimedOut(this.context, (phase != null) ? phase : this.call.name());
		}
		String result = late ? Phase.DEADLINE : outcome;
		if (body != null) {
			body.end(result);
		}
		this.call.end(result);
		return late;
	}

}
