package io.middlewaretrace.leak.thread;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live threads counted by name prefix (the name without its trailing digits, so that
 * {@code pool-3-thread-17} counts as {@code pool-3-thread-}): which pool grew. Computed on
 * demand for the endpoint only.
 */
final class ThreadNamePrefixes {

	private ThreadNamePrefixes() {
	}

	static Map<String, Integer> top(ThreadMXBean threads, int limit) {
		Map<String, Integer> counts = new HashMap<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
			if (info != null) {
				counts.merge(prefix(info.getThreadName()), 1, Integer::sum);
			}
		}
		List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
		entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
		Map<String, Integer> top = new LinkedHashMap<>();
		for (int i = 0; i < entries.size() && i < limit; i++) {
			top.put(entries.get(i).getKey(), entries.get(i).getValue());
		}
		return top;
	}

	static String prefix(String name) {
		int end = name.length();
		while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
			end--;
		}
		return (end == name.length()) ? name : name.substring(0, end);
	}

}
