package io.middlewaretrace.leak.mdc;

import java.util.Arrays;

/**
 * What the MDC check remembers of one thread, allocated once per thread and reused by every
 * request it serves: the last request served (to blame for what is found left over when the
 * next one starts), the keys an outer filter had put when the current dispatch started, and the
 * entries still there when the last dispatch ended. The arrays grow only on threads where such
 * keys exist, and hold at most {@link #MAX_KEYS} keys.
 */
final class ThreadMdcState {

	/**
	 * Most keys remembered per thread; beyond, keys are not remembered (reported as leaks at
	 * the end of the dispatch, never missed).
	 */
	static final int MAX_KEYS = 64;

	private static final String[] NONE = {};

	String lastTraceId;

	String lastRoute;

	private String[] startKeys = NONE;

	private int startCount;

	private String[] endKeys = NONE;

	private String[] endValues = NONE;

	private int endCount;

	void addStartKey(String key) {
		if (this.startCount == this.startKeys.length) {
			if (this.startCount >= MAX_KEYS) {
				return;
			}
			this.startKeys = Arrays.copyOf(this.startKeys, Math.max(4, this.startCount * 2));
		}
		this.startKeys[this.startCount++] = key;
	}

	boolean isStartKey(String key) {
		for (int i = 0; i < this.startCount; i++) {
			if (this.startKeys[i].equals(key)) {
				return true;
			}
		}
		return false;
	}

	void clearStart() {
		for (int i = 0; i < this.startCount; i++) {
			this.startKeys[i] = null;
		}
		this.startCount = 0;
	}

	void addEnd(String key, String value) {
		if (this.endCount == this.endKeys.length) {
			if (this.endCount >= MAX_KEYS) {
				return;
			}
			int size = Math.max(4, this.endCount * 2);
			this.endKeys = Arrays.copyOf(this.endKeys, size);
			this.endValues = Arrays.copyOf(this.endValues, size);
		}
		this.endKeys[this.endCount] = key;
		this.endValues[this.endCount++] = value;
	}

	/**
	 * Whether an entry is exactly as the last dispatch on this thread left it: same key, same
	 * value instance. An outer filter that puts its key again for a new request puts a new
	 * value; an entry nobody touched since is a leftover.
	 */
	boolean isLeftOver(String key, String value) {
		for (int i = 0; i < this.endCount; i++) {
			if (this.endKeys[i].equals(key)) {
				return this.endValues[i] == value;
			}
		}
		return false;
	}

	void clearEnd() {
		for (int i = 0; i < this.endCount; i++) {
			this.endKeys[i] = null;
			this.endValues[i] = null;
		}
		this.endCount = 0;
	}

}
