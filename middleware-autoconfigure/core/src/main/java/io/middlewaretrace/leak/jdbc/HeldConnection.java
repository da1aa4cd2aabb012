package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Lease;
import io.middlewaretrace.jdbc.ConnectionLease;
import io.middlewaretrace.leak.StackFrames;

/**
 * One borrowed pool connection while it is held: the lease attached to the borrowing request,
 * and what a leak report needs (ids and strings). It ends exactly once, released by its holder
 * or reclaimed by the sweep, whichever comes first.
 */
final class HeldConnection extends Lease implements ConnectionLease {

	private static final int HELD = 0;

	private static final int RELEASED = 1;

	private static final int RECLAIMED = 2;

	private static final AtomicIntegerFieldUpdater<HeldConnection> STATE = AtomicIntegerFieldUpdater
		.newUpdater(HeldConnection.class, "state");

	private final PoolTracker pool;

	private final Connection poolConnection;

	private final long id;

	private final String traceId;

	private final String thread;

	private final long borrowedNanos;

	private final long borrowedEpochMillis;

	/**
	 * Where the connection was borrowed, captured for sampled borrows and resolved to
	 * {@link #frames} the first time a record needs them.
	 */
	private final Throwable site;

	private volatile List<String> frames;

	private volatile int state;

	private volatile String route;

	/**
	 * The request this lease is attached to, until it is released or the request ends.
	 */
	private volatile DefaultRequestContext context;

	private volatile boolean leaked;

	private volatile long requestEndedNanos;

	private volatile boolean suspect;

	HeldConnection(PoolTracker pool, Connection poolConnection, long id, DefaultRequestContext context, String thread,
			Throwable site) {
		this.pool = pool;
		this.poolConnection = poolConnection;
		this.id = id;
		this.traceId = (context != null) ? context.traceId() : null;
		this.route = (context != null) ? context.route() : null;
		this.thread = thread;
		this.borrowedNanos = System.nanoTime();
		this.borrowedEpochMillis = System.currentTimeMillis();
		this.site = site;
	}

	/**
	 * Attaches this lease to the borrowing request, so that it is checked when the request ends.
	 */
	void attachTo(DefaultRequestContext context) {
		this.context = context;
		context.attach(this);
	}

	@Override
	public boolean release() {
		if (!STATE.compareAndSet(this, HELD, RELEASED)) {
			return false;
		}
		detach();
		this.pool.released(this, System.nanoTime());
		return true;
	}

	/**
	 * Takes the connection back from its holder, unless it was released meanwhile.
	 * @return whether this call reclaimed it
	 */
	boolean reclaim() {
		if (!STATE.compareAndSet(this, HELD, RECLAIMED)) {
			return false;
		}
		detach();
		return true;
	}

	private void detach() {
		DefaultRequestContext attached = this.context;
		if (attached != null) {
			this.context = null;
			attached.detach(this);
		}
	}

	@Override
	public boolean isReclaimed() {
		return this.state == RECLAIMED;
	}

	boolean isHeld() {
		return this.state == HELD;
	}

	@Override
	protected void requestEnded(DefaultRequestContext context) {
		this.context = null;
		if (this.state != HELD) {
			return;
		}
		this.route = context.route();
		this.requestEndedNanos = System.nanoTime();
		this.leaked = true;
		this.pool.leaked(this);
	}

	/**
	 * Marks this connection suspect (held beyond the threshold).
	 * @return whether it was not suspect before
	 */
	boolean markSuspect() {
		if (this.suspect) {
			return false;
		}
		this.suspect = true;
		return true;
	}

	boolean isLeaked() {
		return this.leaked;
	}

	boolean isSuspect() {
		return this.suspect;
	}

	long requestEndedNanos() {
		return this.requestEndedNanos;
	}

	long borrowedNanos() {
		return this.borrowedNanos;
	}

	long id() {
		return this.id;
	}

	Connection poolConnection() {
		return this.poolConnection;
	}

	ConnectionRecord record(long nowNanos) {
		return new ConnectionRecord(this.pool.name(), this.id, this.traceId, this.route, this.thread,
				Instant.ofEpochMilli(this.borrowedEpochMillis), Math.max(0, nowNanos - this.borrowedNanos) / 1_000_000L,
				frames());
	}

	private List<String> frames() {
		List<String> frames = this.frames;
		if (frames == null) {
			frames = (this.site != null) ? StackFrames.of(this.site, this.pool.maxFrames()) : List.of();
			this.frames = frames;
		}
		return frames;
	}

	@Override
	public String toString() {
		return "HeldConnection[pool=" + this.pool.name() + ", id=" + this.id + ", traceId=" + this.traceId + "]";
	}

}
