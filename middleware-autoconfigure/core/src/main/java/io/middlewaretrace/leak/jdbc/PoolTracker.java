package io.middlewaretrace.leak.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextHolder;
import io.middlewaretrace.jdbc.ConnectionLease;
import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.leak.LeakKind;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.StackFrames;
import io.middlewaretrace.support.RecentRing;

/**
 * The connections of one pool while they are held, and what happened to them recently.
 * <p>
 * Held connections are kept in a concurrent set keyed by lease: adding and removing are O(1)
 * without a global lock. Every held entry holds a slot of its pool, so a pool bounds the set by
 * its maximum size; for a data source that does not pool, at most {@link #MAX_HELD} connections
 * are tracked at once and the others are counted as untracked. The four rings (leaked, suspect,
 * reclaimed, returned late) keep the latest {@code recent} records each.
 */
final class PoolTracker implements ConnectionListener {

	/**
	 * Most connections of one data source tracked at once.
	 */
	static final int MAX_HELD = 10_000;

	/**
	 * How many leaking routes get their borrowing frames captured on every borrow at most.
	 */
	static final int MAX_FRAME_ROUTES = 256;

	/**
	 * Least time between two soft evictions after broken connections.
	 */
	static final long EVICT_INTERVAL_NANOS = 5_000_000_000L;

	private static final Log logger = LogFactory.getLog(ConnectionLeakSource.class);

	private static final ConnectionLease UNTRACKED = new ConnectionLease() {

		@Override
		public boolean release() {
			return true;
		}

		@Override
		public boolean isReclaimed() {
			return false;
		}

	};

	private final String name;

	private final ConnectionPool access;

	private final ConnectionLeakSettings settings;

	private final LeakMetrics metrics;

	private final AtomicLong ids;

	private final Set<HeldConnection> held = ConcurrentHashMap.newKeySet();

	/**
	 * Routes that leaked a connection borrowed without frames: their later borrows are captured
	 * whatever the sample rate, so that the next leak on the route shows where it borrowed.
	 */
	private final Set<String> framesForRoutes = ConcurrentHashMap.newKeySet();

	private final AtomicInteger heldCount = new AtomicInteger();

	private final AtomicLong untracked = new AtomicLong();

	private final AtomicLong reclaimedTotal = new AtomicLong();

	private final AtomicLong brokenConnections = new AtomicLong();

	private final AtomicLong softEvictions = new AtomicLong();

	private final AtomicLong lastSoftEviction = new AtomicLong(System.nanoTime() - EVICT_INTERVAL_NANOS);

	private final RecentRing<ConnectionRecord> leaked;

	private final RecentRing<ConnectionRecord> suspect;

	private final RecentRing<ConnectionRecord> reclaimed;

	private final RecentRing<ConnectionRecord> lateReturned;

	private volatile boolean brokenSignal;

	PoolTracker(String name, ConnectionPool access, ConnectionLeakSettings settings, LeakMetrics metrics,
			AtomicLong ids) {
		this.name = name;
		this.access = access;
		this.settings = settings;
		this.metrics = metrics;
		this.ids = ids;
		this.leaked = new RecentRing<>(settings.recent());
		this.suspect = new RecentRing<>(settings.recent());
		this.reclaimed = new RecentRing<>(settings.recent());
		this.lateReturned = new RecentRing<>(settings.recent());
		if (settings.evictOnBroken()) {
			this.brokenSignal = access.onBrokenConnection(this::brokenConnection);
		}
	}

	String name() {
		return this.name;
	}

	int maxFrames() {
		return this.settings.maxFrames();
	}

	@Override
	public ConnectionLease borrowed(Connection poolConnection) {
		if (this.heldCount.incrementAndGet() > MAX_HELD) {
			this.heldCount.decrementAndGet();
			this.untracked.incrementAndGet();
			return UNTRACKED;
		}
		DefaultRequestContext context = RequestContextHolder.get();
		HeldConnection lease = new HeldConnection(this, poolConnection, this.ids.incrementAndGet(), context,
				Thread.currentThread().getName(),
				captureFrames(context) ? StackFrames.capture() : null);
		this.held.add(lease);
		if (context != null && !context.isCompleted()) {
			lease.attachTo(context);
		}
		return lease;
	}

	private boolean captureFrames(DefaultRequestContext context) {
		double rate = this.settings.frameSampleRate();
		if (rate >= 1.0 || (rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate)) {
			return true;
		}
		if (this.framesForRoutes.isEmpty() || context == null) {
			return false;
		}
		String route = context.routePattern();
		return route != null && this.framesForRoutes.contains(route);
	}

	void released(HeldConnection lease, long nowNanos) {
		if (this.held.remove(lease)) {
			this.heldCount.decrementAndGet();
		}
		if (lease.isLeaked() || lease.isSuspect()) {
			ConnectionRecord record = lease.record(nowNanos);
			this.lateReturned.add(record);
			logger.info("Connection " + record.connectionId() + " of pool " + this.name + " returned late, after "
					+ record.heldMs() + " ms (traceId=" + record.traceId() + ", route=" + record.route() + ")");
		}
	}

	/**
	 * A held connection whose request ended: a request-scoped leak.
	 */
	void leaked(HeldConnection lease) {
		ConnectionRecord record = lease.record(System.nanoTime());
		this.leaked.add(record);
		if (record.frames().isEmpty() && record.route() != null && this.framesForRoutes.size() < MAX_FRAME_ROUTES) {
			this.framesForRoutes.add(record.route());
		}
		this.metrics.leaked(LeakKind.CONNECTION, record.route());
		logger.warn("Connection leak: request traceId=" + record.traceId() + " route=" + record.route()
				+ " ended still holding connection " + record.connectionId() + " of pool " + this.name + " (held "
				+ record.heldMs() + " ms, thread " + record.thread() + "), borrowed at " + record.frames());
	}

	/**
	 * Marks connections held too long as suspect and reclaims leaked ones past the grace period.
	 */
	void sweep(long nowNanos) {
		long thresholdNanos = this.settings.heldThreshold().toNanos();
		long graceNanos = this.settings.gracePeriod().toNanos();
		for (HeldConnection lease : this.held) {
			if (!lease.isHeld()) {
				continue;
			}
			if (nowNanos - lease.borrowedNanos() >= thresholdNanos && lease.markSuspect()) {
				ConnectionRecord record = lease.record(nowNanos);
				this.suspect.add(record);
				logger.warn("Connection " + record.connectionId() + " of pool " + this.name + " held for "
						+ record.heldMs() + " ms (traceId=" + record.traceId() + ", route=" + record.route()
						+ ", thread " + record.thread() + "), borrowed at " + record.frames());
			}
			if (this.settings.reclaim() && lease.isLeaked() && nowNanos - lease.requestEndedNanos() >= graceNanos) {
				reclaim(lease, nowNanos);
			}
		}
	}

	/**
	 * Reclaims every leaked connection still held.
	 * @return how many were reclaimed
	 */
	int reclaimLeaked(long nowNanos) {
		int count = 0;
		for (HeldConnection lease : this.held) {
			if (lease.isLeaked() && reclaim(lease, nowNanos)) {
				count++;
			}
		}
		return count;
	}

	private boolean reclaim(HeldConnection lease, long nowNanos) {
		if (!lease.reclaim()) {
			return false;
		}
		if (this.held.remove(lease)) {
			this.heldCount.decrementAndGet();
		}
		ConnectionRecord record = lease.record(nowNanos);
		try {
			this.access.evict(lease.poolConnection());
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Reclaiming connection " + record.connectionId() + " of pool " + this.name + " failed", ex);
		}
		this.reclaimed.add(record);
		this.reclaimedTotal.incrementAndGet();
		this.metrics.reclaimed(this.name);
		logger.warn("Reclaimed leaked connection " + record.connectionId() + " of pool " + this.name + " after "
				+ record.heldMs() + " ms (traceId=" + record.traceId() + ", route=" + record.route() + ")");
		return true;
	}

	/**
	 * The pool found a broken connection: soft-evicts the idle ones, at most once per
	 * {@link #EVICT_INTERVAL_NANOS}.
	 */
	void brokenConnection() {
		this.brokenConnections.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastSoftEviction.get();
		if (now - last >= EVICT_INTERVAL_NANOS && this.lastSoftEviction.compareAndSet(last, now)) {
			if (this.access.softEvictIdle()) {
				this.softEvictions.incrementAndGet();
				logger.warn("Pool " + this.name + " reported a broken connection: idle connections soft-evicted");
			}
		}
	}

	/**
	 * Soft-evicts the idle connections now.
	 * @return whether the pool could
	 */
	boolean softEvictIdle() {
		boolean evicted = this.access.softEvictIdle();
		if (evicted) {
			this.softEvictions.incrementAndGet();
		}
		return evicted;
	}

	int heldCount() {
		return this.heldCount.get();
	}

	/**
	 * Returns how long the oldest held connection has been held, in seconds.
	 */
	double oldestHeldSeconds() {
		long now = System.nanoTime();
		long oldest = 0;
		for (HeldConnection lease : this.held) {
			oldest = Math.max(oldest, now - lease.borrowedNanos());
		}
		return oldest / 1e9;
	}

	int leakedHeld() {
		int count = 0;
		for (HeldConnection lease : this.held) {
			if (lease.isLeaked() && lease.isHeld()) {
				count++;
			}
		}
		return count;
	}

	boolean isSaturated() {
		return this.access.idle() == 0 && this.access.threadsAwaiting() > 0;
	}

	Map<String, Object> describe() {
		long now = System.nanoTime();
		List<HeldConnection> leases = new ArrayList<>(this.held);
		leases.sort(Comparator.comparingLong(HeldConnection::id));
		List<ConnectionRecord> heldRecords = new ArrayList<>(leases.size());
		for (HeldConnection lease : leases) {
			heldRecords.add(lease.record(now));
		}
		Map<String, Object> pool = state();
		pool.put("brokenConnectionSignal", this.brokenSignal);
		pool.put("brokenConnections", this.brokenConnections.get());
		pool.put("softEvictions", this.softEvictions.get());
		pool.put("untracked", this.untracked.get());
		pool.put("held", heldRecords);
		pool.put("leaked", this.leaked.newestFirst());
		pool.put("suspect", this.suspect.newestFirst());
		pool.put("reclaimed", this.reclaimed.newestFirst());
		pool.put("lateReturned", this.lateReturned.newestFirst());
		return pool;
	}

	Map<String, Object> health() {
		Map<String, Object> pool = state();
		pool.put("held", this.heldCount.get());
		pool.put("leaked", leakedHeld());
		pool.put("reclaimed", this.reclaimedTotal.get());
		return pool;
	}

	private Map<String, Object> state() {
		Map<String, Object> pool = new LinkedHashMap<>();
		pool.put("active", this.access.active());
		pool.put("idle", this.access.idle());
		pool.put("total", this.access.total());
		pool.put("max", this.access.max());
		pool.put("threadsAwaiting", this.access.threadsAwaiting());
		return pool;
	}

}
