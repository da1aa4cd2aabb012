package io.middlewaretrace.leak.mdc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.web.MiddlewareTraceFilter;
import io.middlewaretrace.web.RequestParticipant;

/**
 * Finds MDC entries a request left behind on its thread. At the end of each dispatch, an entry
 * that is not the starter's or Spring Boot's own ({@code traceId}, {@code spanId}, the route),
 * not ignored by configuration and not present when the dispatch started (an outer filter's) was
 * added by the application and not removed. When a request starts, an entry still exactly as the
 * previous dispatch on the thread left it (same key, same value instance: no outer filter put it
 * again) was left over by the previous request, typically by an outer filter that did not
 * remove it. Both are reported to {@link MdcLeaks} and, if so configured, removed.
 * <p>
 * Without leftovers the check allocates nothing: it reads the MDC in place where the logging
 * binding allows (see {@link MdcReader}) and keeps what it remembers per thread in one reused
 * holder.
 *
 * @since 0.1.0
 */
public class MdcLeakDetector implements RequestParticipant {

	/**
	 * MDC keys of the starter and Spring Boot, never reported.
	 */
	public static final Set<String> OWN_KEYS = Set.of("traceId", "spanId", MiddlewareTraceFilter.ROUTE_MDC_KEY);

	/**
	 * Route blamed for leftovers found when no earlier request was served on the thread.
	 */
	public static final String UNKNOWN = "unknown";

	/**
	 * Most keys recorded per leak; longer values are cut to {@link #MAX_VALUE_LENGTH}
	 * characters.
	 */
	static final int MAX_KEYS = 32;

	static final int MAX_VALUE_LENGTH = 256;

	private static final Log logger = LogFactory.getLog(MdcLeakDetector.class);

	private final MdcLeaks leaks;

	private final Set<String> ignoredKeys;

	private final KeyPatterns redactedKeys;

	private final boolean clear;

	private final MdcReader reader = MdcReader.get();

	private final ThreadLocal<ThreadMdcState> states = ThreadLocal.withInitial(ThreadMdcState::new);

	/**
	 * Creates the detector.
	 * @param leaks where found leaks go
	 * @param ignoredKeys keys never reported nor cleared, besides {@link #OWN_KEYS}
	 * @param redactedKeys patterns ({@code *} for any characters, case-insensitive) of keys whose
	 * values are never recorded
	 * @param clear whether found entries are removed
	 */
	public MdcLeakDetector(MdcLeaks leaks, Collection<String> ignoredKeys, List<String> redactedKeys, boolean clear) {
		this.leaks = leaks;
		Set<String> ignored = new HashSet<>(OWN_KEYS);
		ignored.addAll(ignoredKeys);
		this.ignoredKeys = Set.copyOf(ignored);
		this.redactedKeys = new KeyPatterns(redactedKeys);
		this.clear = clear;
	}

	@Override
	public void dispatchStarting(DefaultRequestContext context, HttpServletRequest request) {
		dispatchStarting(request.getDispatcherType() == DispatcherType.REQUEST);
	}

	/**
	 * Looks at the MDC as a dispatch finds it, before the starter binds anything.
	 * @param requestDispatch whether the dispatch is the request's first (REQUEST) one, whose
	 * thread must carry nothing of an earlier request
	 */
	public void dispatchStarting(boolean requestDispatch) {
		try {
			ThreadMdcState state = this.states.get();
			state.clearStart();
			Map<String, String> entries = this.reader.entries();
			List<String> leftOver = null;
			if (entries != null && !entries.isEmpty()) {
				for (Map.Entry<String, String> entry : entries.entrySet()) {
					String key = entry.getKey();
					if (this.ignoredKeys.contains(key)) {
						continue;
					}
					if (requestDispatch && state.isLeftOver(key, entry.getValue())) {
						leftOver = add(leftOver, key);
					}
					else {
						state.addStartKey(key);
					}
				}
			}
			state.clearEnd();
			if (leftOver != null) {
				String route = (state.lastRoute != null) ? state.lastRoute : UNKNOWN;
				report(MdcLeak.FoundAt.START, state.lastTraceId, route, leftOver, entries);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("MDC check at dispatch start failed", ex);
		}
	}

	@Override
	public void dispatchEnded(DefaultRequestContext context, HttpServletRequest request) {
		dispatchEnded(context);
	}

	/**
	 * Looks at the MDC as a dispatch leaves it, after the starter removed its own entries.
	 * @param context the request's context
	 */
	public void dispatchEnded(DefaultRequestContext context) {
		try {
			ThreadMdcState state = this.states.get();
			state.clearEnd();
			Map<String, String> entries = this.reader.entries();
			List<String> leaked = null;
			if (entries != null && !entries.isEmpty()) {
				for (Map.Entry<String, String> entry : entries.entrySet()) {
					String key = entry.getKey();
					if (this.ignoredKeys.contains(key)) {
						continue;
					}
					if (state.isStartKey(key)) {
						// an outer filter's: remembered to find it at the next start if it is not removed
						state.addEnd(key, entry.getValue());
					}
					else {
						leaked = add(leaked, key);
					}
				}
			}
			state.clearStart();
			String route = context.route();
			state.lastTraceId = context.traceId();
			state.lastRoute = route;
			if (leaked != null) {
				report(MdcLeak.FoundAt.END, context.traceId(), route, leaked, entries);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("MDC check at dispatch end failed", ex);
		}
	}

	private static List<String> add(List<String> keys, String key) {
		List<String> result = (keys != null) ? keys : new ArrayList<>(4);
		result.add(key);
		return result;
	}

	private void report(MdcLeak.FoundAt foundAt, String traceId, String route, List<String> keys,
			Map<String, String> entries) {
		List<String> recorded = (keys.size() > MAX_KEYS) ? keys.subList(0, MAX_KEYS) : keys;
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			if (i < MAX_KEYS) {
				recordValue(values, key, entries.get(key));
			}
			if (this.clear) {
				MDC.remove(key);
			}
		}
		this.leaks.record(new MdcLeak(foundAt, System.currentTimeMillis(), traceId, route,
				Thread.currentThread().getName(), List.copyOf(recorded), Collections.unmodifiableMap(values),
				this.clear));
	}

	private void recordValue(Map<String, String> values, String key, String value) {
		// a redacted key's value is never kept, so no later setting can show it
		if (!this.redactedKeys.matches(key)) {
			values.put(key, (value != null && value.length() > MAX_VALUE_LENGTH)
					? value.substring(0, MAX_VALUE_LENGTH) + "..." : value);
		}
	}

}
