package io.middlewaretrace.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe ring of the latest {@code capacity} items: adding to a full ring drops the
 * oldest. The bound on every diagnostic the starter keeps.
 *
 * @param <T> the item type
 * @since 0.1.0
 */
public final class RecentRing<T> {

	private final Object[] slots;

	private int next;

	private int size;

	/**
	 * Creates a ring.
	 * @param capacity how many items to keep; 0 keeps none
	 */
	public RecentRing(int capacity) {
		this.slots = new Object[Math.max(0, capacity)];
	}

	/**
	 * Adds an item, dropping the oldest if the ring is full.
	 * @param item the item
	 */
	public synchronized void add(T item) {
		if (this.slots.length == 0) {
			return;
		}
		this.slots[this.next] = item;
		this.next = (this.next + 1) % this.slots.length;
		this.size = Math.min(this.size + 1, this.slots.length);
	}

	/**
	 * Returns the newest item that matches.
	 * @param condition the condition
	 * @return the item or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public synchronized T findNewest(Predicate<T> condition) {
		for (int i = 1; i <= this.size; i++) {
			T item = (T) this.slots[Math.floorMod(this.next - i, this.slots.length)];
			if (condition.test(item)) {
				return item;
			}
		}
		return null;
	}

	/**
	 * Returns the items, newest first.
	 * @return a copy of the items
	 */
	@SuppressWarnings("unchecked")
	public synchronized List<T> newestFirst() {
		List<T> items = new ArrayList<>(this.size);
		for (int i = 1; i <= this.size; i++) {
			items.add((T) this.slots[Math.floorMod(this.next - i, this.slots.length)]);
		}
		return items;
	}

	/**
	 * Returns the number of items held.
	 * @return the size, at most the capacity
	 */
	public synchronized int size() {
		return this.size;
	}

	/**
	 * Returns the capacity.
	 * @return how many items the ring keeps at most
	 */
	public int capacity() {
		return this.slots.length;
	}

}
