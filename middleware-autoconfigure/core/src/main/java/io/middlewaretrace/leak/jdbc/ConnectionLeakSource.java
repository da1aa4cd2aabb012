package io.middlewaretrace.leak.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.middlewaretrace.jdbc.ConnectionListener;
import io.middlewaretrace.jdbc.ConnectionPool;
import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.LeakSource;

/**
 * The {@code connections} leak source: tracks every connection borrowed through the starter's
 * data source wrapper, per pool, as the wrapper's {@link ConnectionListener} (a tracker of its
 * own listens to each pool).
 * <ul>
 * <li>A connection still held when the request that borrowed it completes is a request-scoped
 * leak, found at once at completion and attributed to the request (trace id, route, borrowing
 * frames when sampled).</li>
 * <li>The sweep marks connections held beyond the held threshold suspect; a later return of a
 * suspect or leaked connection is a late return.</li>
 * <li>With reclaim on, a leaked connection still held a grace period after its request ended is
 * taken back (for HikariCP, evicted, which frees its slot at once); its holder's connection
 * then refuses every use.</li>
 * <li>When HikariCP finds a broken connection, idle connections are soft-evicted (at most once
 * per 5 s per pool).</li>
 * </ul>
 * {@link #heal()} reclaims every leaked connection and soft-evicts idle ones; pools are never
 * suspended.
 *
 * @since 0.1.0
 */
public class ConnectionLeakSource implements LeakSource, ConnectionListener {

	/**
	 * Section name in the {@code leaks} endpoint.
	 */
	public static final String NAME = "connections";

	private final ConnectionLeakSettings settings;

	private final LeakMetrics metrics;

	private final AtomicLong ids = new AtomicLong();

	private final List<PoolTracker> pools = new CopyOnWriteArrayList<>();

	private final List<Consumer<PoolTracker>> poolListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the source.
	 * @param settings how connections are tracked
	 * @param metrics where leaks and reclaims are counted
	 */
	public ConnectionLeakSource(ConnectionLeakSettings settings, LeakMetrics metrics) {
		this.settings = settings;
		this.metrics = metrics;
	}

	/**
	 * Starts tracking the connections of a pool.
	 * @param pool the pool behind a data source being wrapped
	 * @return the tracker of that pool's connections
	 */
	@Override
	public ConnectionListener forPool(ConnectionPool pool) {
		PoolTracker tracker = new PoolTracker(pool.name(), pool, this.settings, this.metrics, this.ids);
		synchronized (this.poolListeners) {
			this.pools.add(tracker);
			for (Consumer<PoolTracker> listener : this.poolListeners) {
				listener.accept(tracker);
			}
		}
		return tracker;
	}

	/**
	 * Calls {@code listener} for every pool tracked now and every pool tracked later.
	 */
	void onPool(Consumer<PoolTracker> listener) {
		synchronized (this.poolListeners) {
			this.poolListeners.add(listener);
			for (PoolTracker pool : this.pools) {
				listener.accept(pool);
			}
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object describe(boolean showValues) {
		Map<String, Object> pools = new LinkedHashMap<>();
		for (PoolTracker pool : this.pools) {
			pools.put(pool.name(), pool.describe());
		}
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("pools", pools);
		return description;
	}

	@Override
	public LeakHealth health() {
		boolean leaking = false;
		boolean saturated = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (PoolTracker pool : this.pools) {
			Map<String, Object> health = pool.health();
			boolean poolSaturated = pool.isSaturated();
			health.put("saturated", poolSaturated);
			leaking |= ((Integer) health.get("leaked")) > 0;
			saturated |= poolSaturated;
			details.put(pool.name(), health);
		}
		return new LeakHealth(leaking, saturated, details);
	}

	@Override
	public void sweep(long nowNanos) {
		for (PoolTracker pool : this.pools) {
			pool.sweep(nowNanos);
		}
	}

	@Override
	public Map<String, Object> heal() {
		long now = System.nanoTime();
		Map<String, Object> healed = new LinkedHashMap<>();
		for (PoolTracker pool : this.pools) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("reclaimed", pool.reclaimLeaked(now));
			result.put("softEvicted", pool.softEvictIdle());
			healed.put(pool.name(), result);
		}
		return healed;
	}

	/**
	 * Returns the names of the pools tracked.
	 * @return the pool names
	 */
	public List<String> poolNames() {
		List<String> names = new ArrayList<>();
		for (PoolTracker pool : this.pools) {
			names.add(pool.name());
		}
		return names;
	}

}
