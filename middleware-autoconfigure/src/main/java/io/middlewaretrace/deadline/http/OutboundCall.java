package io.middlewaretrace.deadline.http;

import io.middlewaretrace.context.DeadlineHook;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContext;

/**
 * One outbound call in flight: its phases, and the deadline action that interrupts the calling
 * thread while the call runs. The interrupt is delivered only between the call's start and its
 * end, and cleared at its end, so it never reaches later work of that thread.
 */
final class OutboundCall implements Runnable {

	private final Thread thread;

	private final Phase call;

	private final DeadlineHook hook;

	private Phase body;

	private boolean ended;

	private boolean interrupted;

	private volatile boolean aborted;

	OutboundCall(RequestContext context, Phase call) {
		this.thread = Thread.currentThread();
		this.call = call;
		this.hook = context.onDeadline(this);
	}

	/**
	 * The deadline passed (on the watchdog's thread).
	 */
	@Override
	public void run() {
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.aborted = true;
			this.interrupted = true;
		}
		this.thread.interrupt();
	}

	boolean aborted() {
		return this.aborted;
	}

	void responded(Phase body) {
		synchronized (this) {
			this.body = body;
		}
	}

	void end(String outcome) {
		Phase body;
		boolean clear;
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.ended = true;
			body = this.body;
			clear = this.interrupted && Thread.currentThread() == this.thread;
		}
		this.hook.close();
		if (clear) {
			Thread.interrupted();
		}
		String result = this.aborted ? Phase.DEADLINE : outcome;
		if (body != null) {
			body.end(result);
		}
		this.call.end(result);
	}

}
